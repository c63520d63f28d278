// Fails on a promise nobody waits for. Since the domain talks to storage asynchronously
// (docs/decisions/039-async-query-layer.md), a forgotten `await` on a write is a statement that
// runs after its transaction ended, or an error nobody sees; tsc does not report it and Biome's
// rule cannot follow types across modules. This reads the TypeScript program the project's
// tsconfig.json describes and reports:
// - an expression statement whose value is a promise (`writeAudit(tx, …);`), unless written
//   `void …` on purpose;
// - a promise used as a condition (`if (isMember(db, …))`, `a && b`, `!x`, `x ? … : …`);
// - an async callback passed to `forEach`, `filter`, `some`… (its promises are dropped or
//   tested as values), or to `map` outside `Promise.all`.
// Usage: tsx scripts/check-promises.ts (part of `npm run typecheck`).
import ts from "typescript";

const configPath = ts.findConfigFile(process.cwd(), ts.sys.fileExists, "tsconfig.json");
if (!configPath) throw new Error("no tsconfig.json");
const config = ts.getParsedCommandLineOfConfigFile(configPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
if (!config) throw new Error("tsconfig.json could not be read");
const program = ts.createProgram(config.fileNames, config.options);
const checker = program.getTypeChecker();

function isPromise(type: ts.Type): boolean {
  if (type.isUnion()) return type.types.some(isPromise);
  const then = type.getProperty("then");
  if (!then) return false;
  const thenType = checker.getTypeOfSymbol(then);
  return thenType.getCallSignatures().length > 0;
}

const problems: string[] = [];
function report(node: ts.Node, what: string) {
  const file = node.getSourceFile();
  const { line, character } = file.getLineAndCharacterOfPosition(node.getStart());
  problems.push(`${file.fileName.replace(`${process.cwd()}/`, "")}:${line + 1}:${character + 1}  ${what}: ${node.getText().split("\n")[0].slice(0, 100)}`);
}

/** A call's promise tested as a value (`if (isMember(…))`); a variable holding an optional promise is a presence check. */
function checkCondition(expression: ts.Expression | undefined) {
  if (!expression) return;
  let inner = expression;
  while (ts.isParenthesizedExpression(inner) || (ts.isPrefixUnaryExpression(inner) && inner.operator === ts.SyntaxKind.ExclamationToken)) {
    inner = ts.isParenthesizedExpression(inner) ? inner.expression : inner.operand;
  }
  if (ts.isCallExpression(inner) && isPromise(checker.getTypeAtLocation(inner))) report(inner, "promise used as a condition");
}

/** `p.catch(…)` and `p.then(onFulfilled, onRejected)` handle their promise's failure on purpose. */
function handled(e: ts.Expression): boolean {
  if (!ts.isCallExpression(e) || !ts.isPropertyAccessExpression(e.expression)) return false;
  const name = e.expression.name.text;
  return name === "catch" || (name === "then" && e.arguments.length === 2);
}

function isAssignment(e: ts.Expression): boolean {
  return ts.isBinaryExpression(e) && e.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && e.operatorToken.kind <= ts.SyntaxKind.LastAssignment;
}

/** Array methods whose callback's promise would be dropped or tested as a value. */
const ARRAY_CALLBACKS = new Set(["forEach", "map", "flatMap", "filter", "find", "findIndex", "some", "every", "sort", "reduce"]);

function isPromiseAll(node: ts.Node): boolean {
  return (
    ts.isCallExpression(node) &&
    ts.isPropertyAccessExpression(node.expression) &&
    ts.isIdentifier(node.expression.expression) &&
    node.expression.expression.text === "Promise" &&
    ["all", "allSettled"].includes(node.expression.name.text)
  );
}

function visit(node: ts.Node) {
  if (ts.isExpressionStatement(node)) {
    const e = node.expression;
    const skip = ts.isVoidExpression(e) || ts.isAwaitExpression(e) || isAssignment(e) || handled(e);
    if (!skip && isPromise(checker.getTypeAtLocation(e))) report(e, "promise not awaited");
  } else if (ts.isIfStatement(node) || ts.isWhileStatement(node) || ts.isDoStatement(node)) {
    checkCondition(node.expression);
  } else if (ts.isConditionalExpression(node)) {
    checkCondition(node.condition);
  } else if (
    ts.isBinaryExpression(node) &&
    (node.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken || node.operatorToken.kind === ts.SyntaxKind.BarBarToken)
  ) {
    checkCondition(node.left);
  } else if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && ARRAY_CALLBACKS.has(node.expression.name.text)) {
    const name = node.expression.name.text;
    const callback = node.arguments[0];
    if (callback && (ts.isArrowFunction(callback) || ts.isFunctionExpression(callback))) {
      const signature = checker.getSignatureFromDeclaration(callback);
      // map's promises are fine when they are all awaited together.
      const gathered = name === "map" && isPromiseAll(node.parent);
      if (signature && isPromise(checker.getReturnTypeOfSignature(signature)) && !gathered) report(callback, `async callback given to ${name}`);
    }
  }
  ts.forEachChild(node, visit);
}

for (const file of program.getSourceFiles()) {
  if (file.isDeclarationFile || file.fileName.includes("/node_modules/")) continue;
  visit(file);
}

if (problems.length) {
  console.error(`${problems.length} promise(s) not waited for:\n${problems.join("\n")}`);
  process.exit(1);
}
console.log(
  `check-promises: ${program.getSourceFiles().filter((f) => !f.isDeclarationFile && !f.fileName.includes("/node_modules/")).length} files, no promise left unawaited`,
);
