import { createContext, useContext } from "react";

// The CSP nonce is known on the server only; in the browser scripts are already trusted.
const NonceContext = createContext<string>("");
export const NonceProvider = NonceContext.Provider;
export const useNonce = () => useContext(NonceContext);
