import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "./database.server.js";
import { createSqlitePersistence } from "./collab-store.server.js";
import { migratedDatabase } from "../../test/support/domain.js";
import { numberPlaceholders, QueryLayer } from "./sql.server.js";
import { describePostgres, startPostgres, type TestPostgres } from "../../test/support/postgres.js";

function counterTable(sql: QueryLayer) {
  return sql.run("CREATE TABLE counters (name TEXT PRIMARY KEY, n INTEGER NOT NULL)");
}

/** The behaviour the domain relies on, on each engine. */
function layerContract(make: () => Promise<QueryLayer>) {
  let sql: QueryLayer;
  beforeAll(async () => {
    sql = await make();
    await counterTable(sql);
  });
  afterAll(() => sql.close());

  const value = async (name: string) => (await sql.get<{ n: number }>("SELECT n FROM counters WHERE name = ?", name))?.n;

  it("runs statements with ? placeholders and reports changed rows", async () => {
    expect((await sql.run("INSERT INTO counters (name, n) VALUES (?, ?), (?, ?)", "a", 1, "b", 2)).changes).toBe(2);
    expect(await sql.all("SELECT name, n FROM counters WHERE name IN (?, ?) ORDER BY name", "a", "b")).toEqual([
      { name: "a", n: 1 },
      { name: "b", n: 2 },
    ]);
    expect(await sql.get("SELECT n FROM counters WHERE name = ?", "none")).toBeUndefined();
    expect(await sql.get("SELECT '?' AS q, ? AS p", "x")).toEqual({ q: "?", p: "x" });
  });

  it("commits a transaction, and rolls all of it back when it throws", async () => {
    await sql.transaction(async (tx) => {
      await tx.run("INSERT INTO counters (name, n) VALUES (?, 0)", "t1");
    });
    await expect(
      sql.transaction(async (tx) => {
        await tx.run("INSERT INTO counters (name, n) VALUES (?, 0)", "t2");
        throw new Error("refused");
      }),
    ).rejects.toThrow("refused");
    expect(await value("t1")).toBe(0);
    expect(await value("t2")).toBeUndefined();
  });

  it("nests transactions as savepoints", async () => {
    await sql.transaction(async (tx) => {
      await tx.run("INSERT INTO counters (name, n) VALUES (?, 0)", "outer");
      await tx.transaction(async (inner) => {
        await inner.run("INSERT INTO counters (name, n) VALUES (?, 0)", "inner-kept");
      });
      await tx
        .transaction(async (inner) => {
          await inner.run("INSERT INTO counters (name, n) VALUES (?, 0)", "inner-undone");
          throw new Error("inner");
        })
        .catch(() => undefined);
    });
    expect(await value("outer")).toBe(0);
    expect(await value("inner-kept")).toBe(0);
    expect(await value("inner-undone")).toBeUndefined();
  });

  it("serializes concurrent read-modify-write transactions: no lost update", async () => {
    await sql.run("INSERT INTO counters (name, n) VALUES ('race', 0)");
    const bump = () =>
      sql.transaction(async (tx) => {
        // Lock the row first on PostgreSQL (as the domain's deciding transactions do); SQLite's
        // transactions take the one connection, so they cannot interleave.
        const row = await tx.get<{ n: number }>(`SELECT n FROM counters WHERE name = 'race'${tx.engine === "postgres" ? " FOR UPDATE" : ""}`);
        await tx.run("UPDATE counters SET n = ? WHERE name = 'race'", (row?.n ?? 0) + 1);
      });
    await Promise.all(Array.from({ length: 20 }, bump));
    expect(await value("race")).toBe(20);
  });

  it("lets a statement on the root from inside a transaction join it instead of waiting", async () => {
    await sql
      .transaction(async () => {
        await sql.run("INSERT INTO counters (name, n) VALUES ('joined', 0)");
        expect(await value("joined")).toBe(0);
        throw new Error("undo");
      })
      .catch(() => undefined);
    expect(await value("joined")).toBeUndefined();
  });
}

describe("QueryLayer on SQLite", () => {
  layerContract(async () => QueryLayer.sqlite(openDatabase(":memory:")));

  it("runs exclusive synchronous work only after an open transaction ended, never inside one", async () => {
    const sql = QueryLayer.sqlite(openDatabase(":memory:"));
    await counterTable(sql);
    const order: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const tx = sql.transaction(async (t) => {
      await t.run("INSERT INTO counters (name, n) VALUES ('x', 1)");
      order.push("transaction wrote");
      await held;
      order.push("transaction ends");
    });
    await Promise.resolve();
    const work = sql.exclusive((db) => {
      order.push("exclusive runs");
      return (db.prepare("SELECT n FROM counters WHERE name = 'x'").get() as { n: number }).n;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    await tx;
    expect(await work).toBe(1);
    expect(order).toEqual(["transaction wrote", "transaction ends", "exclusive runs"]);
    await expect(sql.transaction(() => sql.exclusive(() => 1))).rejects.toThrow("inside a database transaction");
    await sql.close();
  });
});

describe("the collab server's SQLite storage behind the layer (serialize: exclusive)", () => {
  it("commits an update only after an open domain transaction ended, and keeps it when that transaction rolls back", async () => {
    const sql = QueryLayer.sqlite(migratedDatabase());
    const persistence = createSqlitePersistence(sql.sqlite!, { serialize: (work) => sql.exclusive(() => work()) });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await sql.run("CREATE TABLE scratch (x INTEGER)");
    let begun!: () => void;
    const inside = new Promise<void>((resolve) => (begun = resolve));
    const rolledBack = sql
      .transaction(async (tx) => {
        await tx.run("INSERT INTO scratch (x) VALUES (1)");
        begun();
        await held;
        throw new Error("the domain refuses");
      })
      .catch((error: Error) => error.message);
    await inside;
    // A collab commit arrives (from a socket, outside the transaction) while it holds the connection…
    const appended = persistence.append([{ documentId: "doc", update: new Uint8Array([1, 2, 3]), userId: null }]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    expect(await rolledBack).toBe("the domain refuses");
    // …and lands after it, on its own: the rollback took the transaction's row, not the update.
    expect(await appended).toEqual([1]);
    expect(sql.sqlite!.prepare("SELECT COUNT(*) AS n FROM scratch").get()).toEqual({ n: 0 });
    expect((await persistence.load("doc")).updates).toEqual([new Uint8Array([1, 2, 3])]);
    await sql.close();
  });
});

describePostgres("QueryLayer on PostgreSQL", () => {
  let server: TestPostgres;
  beforeAll(async () => {
    server = await startPostgres();
  }, 60_000);
  afterAll(() => server?.stop());
  layerContract(async () => QueryLayer.postgres(new pg.Pool({ connectionString: server.url, max: 4 })));
});

describe("numberPlaceholders", () => {
  it("numbers ? outside quotes and comments", () => {
    expect(numberPlaceholders(`SELECT '?', "a?" FROM t WHERE a = ? AND b = ? -- why?\n AND c = ?`)).toBe(
      `SELECT '?', "a?" FROM t WHERE a = $1 AND b = $2 -- why?\n AND c = $3`,
    );
    expect(numberPlaceholders("SELECT 'it''s ?' WHERE x = ?")).toBe("SELECT 'it''s ?' WHERE x = $1");
  });
});
