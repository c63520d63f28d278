import type { Block, ExportItem, Inline, Part } from "~/domain/exports/model";
import { isDomain } from "~/core/domains";
import { DomainBadge } from "../domain-badge";

// A stored version read only, from the same worded model exports print: sections, items with
// their domain and fields, and their text. Every paragraph finds its own direction (dir="auto"),
// so Arabic-script names and quotes read right to left.

function Runs({ content }: { content: Inline[] }) {
  return (
    <>
      {content.map((run, i) => {
        if (run.lineBreak) return <br key={i} />;
        let node: React.ReactNode = run.text;
        if (run.code) node = <code>{node}</code>;
        if (run.bold) node = <strong>{node}</strong>;
        if (run.italic) node = <em>{node}</em>;
        if (run.underline) node = <u>{node}</u>;
        if (run.strike) node = <s>{node}</s>;
        if (run.href)
          node = (
            <a href={run.href} rel="noopener noreferrer nofollow">
              {node}
            </a>
          );
        return <span key={i}>{node}</span>;
      })}
    </>
  );
}

function BlockView({ block }: { block: Block }) {
  switch (block.type) {
    case "paragraph":
      return (
        <p dir="auto">
          <Runs content={block.content} />
        </p>
      );
    case "heading": {
      const Heading = `h${block.level + 4}` as "h5";
      return (
        <Heading dir="auto">
          <Runs content={block.content} />
        </Heading>
      );
    }
    case "list": {
      const List = block.ordered ? "ol" : "ul";
      return (
        <List start={block.ordered && block.start !== 1 ? block.start : undefined}>
          {block.items.map((blocks, i) => (
            <li key={i} dir="auto">
              {blocks.map((b, j) => (
                <BlockView key={j} block={b} />
              ))}
            </li>
          ))}
        </List>
      );
    }
    case "quote":
      return (
        <blockquote>
          {block.content.map((b, i) => (
            <BlockView key={i} block={b} />
          ))}
        </blockquote>
      );
    case "code":
      return <pre dir="auto">{block.text}</pre>;
    case "rule":
      return <hr />;
    case "item":
      return <ItemView item={block} />;
  }
}

function ItemView({ item }: { item: ExportItem }) {
  return (
    <section className="version-item" data-item-id={item.number}>
      <h4 dir="auto">
        {item.number}. {item.title} {isDomain(item.domain.key) ? <DomainBadge domain={item.domain.key} /> : null}
      </h4>
      {item.fields.length ? (
        <dl className="version-item-fields">
          {item.fields.map((f) => (
            <div key={f.label}>
              <dt>{f.label}</dt>
              {f.values.map((v, i) => (
                <dd key={i} dir="auto">
                  {v}
                </dd>
              ))}
            </div>
          ))}
        </dl>
      ) : null}
      {item.body.map((b, i) => (
        <BlockView key={i} block={b} />
      ))}
    </section>
  );
}

export function VersionText({ parts }: { parts: Part[] }) {
  return (
    <div className="version-text" data-testid="version-text">
      {parts.map((part, i) =>
        part.type === "section" ? (
          <h3 key={i} className="doc-section" dir="auto">
            {part.title}
          </h3>
        ) : part.type === "item" ? (
          <ItemView key={i} item={part} />
        ) : (
          <BlockView key={i} block={part} />
        ),
      )}
    </div>
  );
}
