// A fully worded export model for renderer tests and the export benchmark: French accents,
// Arabic-script names, every block kind, notes, a sign-off record and a signature sheet.
import type { Block, ExportItem, ExportModel, ExportNote, Part } from "../../app/domain/exports/model.js";

export const SAMPLE_HASH = "a3f91c0277de0b41c9d2e5f60718293a4b5c6d7e8f901a2b3c4d5e6f70819203";
export const ARABIC_NAME = "محمد أغ عثمان";

function note(n: number, quote: string): ExportNote {
  return {
    ref: `N${n}`,
    heading: "Légitimité · Équipe seulement · Ouvert",
    quote,
    messages: [
      { author: "Fatoumata Cissé", at: "2 déc. 2026", text: `Note confidentielle ${n} : les chefs de fraction contestent ce rôle.` },
      { author: "Ibrahim Maïga", at: "3 déc. 2026", text: "D'accord, à vérifier à Tessalit." },
    ],
    initials: "FC",
    createdAt: new Date(Date.UTC(2026, 11, 2, 9, 30)),
  };
}

function item(n: number, withNotes: boolean): ExportItem {
  const body: Block[] = [
    {
      type: "paragraph",
      content: [
        { text: "Les comités de gestion des puits réunissent " },
        { text: "éleveurs, femmes et jeunes", bold: true },
        { text: " sous l'autorité de " },
        { text: ARABIC_NAME },
        { text: "." },
      ],
    },
  ];
  if (n % 3 === 0) {
    body.push({
      type: "list",
      ordered: false,
      start: 1,
      items: [
        [{ type: "paragraph", content: [{ text: "Réhabiliter le forage de Tin-Essako" }] }],
        [{ type: "paragraph", content: [{ text: "Former 12 gestionnaires", italic: true }] }],
      ],
    });
  }
  if (n % 5 === 0)
    body.push({
      type: "list",
      ordered: true,
      start: 1,
      items: [[{ type: "paragraph", content: [{ text: "Étape un" }] }], [{ type: "paragraph", content: [{ text: "Étape deux" }] }]],
    });
  return {
    type: "item",
    number: String(n),
    title: n === 1 ? `Gouvernance locale des points d'eau — ${ARABIC_NAME}` : `Point ${n} : sécurité des marchés hebdomadaires`,
    domain: n % 2 ? { key: "governance", label: "Gouvernance" } : { key: "development", label: "Développement" },
    fields: [
      { label: "Parties responsables", values: ["Autorités coutumières", "Femmes", ARABIC_NAME] },
      { label: "Échéance", values: ["Premier trimestre 2027"] },
      { label: "Indicateurs", values: ["Nombre de comités créés", "Part de femmes ≥ 30 %"] },
      { label: "Statut", values: ["Prévu"] },
    ],
    body,
    notes: withNotes && n <= 2 ? [note(n, "éleveurs, femmes et jeunes")] : [],
  };
}

/** A sample model; `items` items in sections of ten; notes on the first two items when `notes`. */
export function sampleExportModel(options: { items?: number; notes?: boolean; signatures?: boolean } = {}): ExportModel {
  const count = options.items ?? 6;
  const parts: Part[] = [{ type: "paragraph", content: [{ text: "Feuille de route issue des consultations de Kidal, Anéfis et Tessalit." }] }];
  for (let i = 1; i <= count; i++) {
    if ((i - 1) % 10 === 0) parts.push({ type: "section", title: `Section ${(i - 1) / 10 + 1} — Gouvernance et développement` });
    parts.push(item(i, !!options.notes));
  }
  parts.push({ type: "heading", level: 1, content: [{ text: "Annexe" }] });
  parts.push({ type: "quote", content: [{ type: "paragraph", content: [{ text: "« La paix se construit au village. »" }] }] });
  parts.push({ type: "code", text: "Réf. 2026/KDL-04" });
  parts.push({ type: "rule" });
  parts.push({
    type: "paragraph",
    content: [{ text: "Contact : " }, { text: "site du projet", href: "https://example.org/kidal" }, { text: "", lineBreak: true }, { text: "Fin." }],
  });
  return {
    language: "fr",
    generatedAt: new Date(Date.UTC(2026, 11, 4, 10, 0)),
    fileName: "dialogue-de-kidal-feuille-de-route-a3f91c02",
    processTitle: "Dialogue intercommunautaire de Kidal",
    locality: "Kidal, région de Kidal",
    documentTitle: "Feuille de route pour la gouvernance locale",
    kindLabel: "Feuille de route",
    meta: [
      { label: "Type", values: ["Feuille de route"] },
      { label: "Statut", values: ["Adopté"] },
      { label: "Version", values: ["Version adoptée au tour 2"] },
      { label: "Date", values: ["4 décembre 2026"] },
      { label: "Empreinte (SHA-256)", values: [SAMPLE_HASH] },
    ],
    version: { kind: "adopted", round: 2, hash: SAMPLE_HASH, shortHash: "a3f9 1c02 77de 0b41" },
    footer: { text: "Feuille de route pour la gouvernance locale · version a3f9 1c02 77de 0b41", pageLabel: "Page", ofLabel: "sur" },
    banners: options.notes ? ["Document interne : contient les notes de l'équipe. Ne pas diffuser."] : [],
    parts,
    otherNotes: options.notes ? [note(99, "")] : [],
    notesLabels: { notes: "Notes", other: "Autres notes" },
    domainLabel: "Domaine",
    signoff: {
      title: "Registre des validations",
      rows: [
        { label: "Tour", values: ["2"] },
        { label: "Résultat", values: ["Adopté le 4 décembre 2026 par Ibrahim Maïga"] },
        { label: "Empreinte complète", values: [SAMPLE_HASH] },
        { label: "Empreinte courte", values: ["a3f9 1c02 77de 0b41"] },
      ],
      columns: ["Catégorie", "État", "Qui", "Décision", "Quand", "Motif / en personne"],
      replacedLabel: "remplacée par une décision ultérieure",
      categories: [
        {
          name: "Autorités coutumières",
          state: "Approuvé",
          decisions: [
            {
              who: ARABIC_NAME,
              decision: "Approuvé",
              approve: true,
              at: "3 déc. 2026 14:05",
              reason: null,
              inPerson: "Signature sur papier · témoin : Oumar Touré · enregistré par Ibrahim Maïga",
              superseded: false,
            },
          ],
        },
        {
          name: "Femmes",
          state: "Approuvé",
          decisions: [
            {
              who: "Aminata Traoré",
              decision: "Objection",
              approve: false,
              at: "2 déc. 2026 10:00",
              reason: "Le texte oublie les coopératives.",
              inPerson: null,
              superseded: true,
            },
            { who: "Aminata Traoré", decision: "Approuvé", approve: true, at: "3 déc. 2026 09:12", reason: null, inPerson: null, superseded: false },
          ],
        },
      ],
      history: ["Tour 1 (empreinte 77de 0b41 …) rouvert le 1er décembre 2026 par Ibrahim Maïga : « Les jeunes n'étaient pas représentés. »"],
    },
    signatureSheet: options.signatures
      ? {
          title: "Feuille de signatures",
          intro: "En signant, vous approuvez le texte dont l'empreinte figure en bas de chaque page.",
          categories: [{ name: "Autorités coutumières" }, { name: "Femmes" }, { name: "Jeunes" }],
          columns: ["Nom", "Signature ou empreinte digitale", "Date", "Témoin"],
          lines: 8,
        }
      : null,
  };
}
