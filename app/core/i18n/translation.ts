/**
 * The shape a translation must have: every key of the English messages, nested the same way, each
 * leaf a string. `export const fr: Translation<typeof en>` makes a missing or extra key a type
 * error (the English texts may be declared `as const`; the French ones are any strings).
 */
export type Translation<T> = { readonly [K in keyof T]: T[K] extends string ? string : Translation<T[K]> };
