// Strings of notifications (issue 14): the header's count, the dashboard's "waiting for you" list,
// "mark all as read" and its audit label, in English and French.
import type { Translation } from "../translation.js";
export const en = {
  notifications: {
    title: "Waiting for you",
    intro: "Decisions you are asked for, replies to your threads and what changed in your processes over the last 30 days.",
    empty: "Nothing is waiting for you.",
    badge_one: "{{count}} item waiting for you",
    badge_other: "{{count}} items waiting for you",
    badgeNone: "Nothing waiting for you",
    unseen_one: "{{count}} new",
    unseen_other: "{{count}} new",
    markAll: "Mark all as read",
    marked: "Everything here is marked as read.",
    new: "New",
    kinds: {
      decisionNeeded: "Your decision is needed",
      reply: "Reply to your thread",
      roundOpened: "Sign-off round opened",
      roundReopened: "Round reopened without adoption",
      adopted: "Document adopted",
    },
    text: {
      decisionNeeded: "Round {{round}} on “{{document}}” waits for your decision.",
      reply_one: "{{name}} replied in a thread on “{{document}}”.",
      reply_other: "{{count}} replies in a thread on “{{document}}”, the latest from {{name}}.",
      roundOpened: "{{name}} opened round {{round}} on “{{document}}”.",
      roundReopened: "{{name}} reopened “{{document}}” for drafting (round {{round}} closed without adoption).",
      adopted: "“{{document}}” was adopted (round {{round}}).",
    },
    someone: "Someone",
    inProcess: "Process: {{process}}",
    open: "Open",
    errors: {
      markInvalid: "The list could not be marked as read: reload the page and try again. Nothing was changed.",
    },
  },
  auditActions: {
    notifications: {
      seen: "Notifications marked as read",
    },
  },
} as const;

export const fr: Translation<typeof en> = {
  notifications: {
    title: "En attente de votre part",
    intro: "Les décisions qui vous sont demandées, les réponses à vos fils et ce qui a changé dans vos processus ces 30 derniers jours.",
    empty: "Rien n'attend votre attention.",
    badge_one: "{{count}} élément vous attend",
    badge_other: "{{count}} éléments vous attendent",
    badgeNone: "Rien ne vous attend",
    unseen_one: "{{count}} nouveau",
    unseen_other: "{{count}} nouveaux",
    markAll: "Tout marquer comme lu",
    marked: "Tout ce qui figure ici est marqué comme lu.",
    new: "Nouveau",
    kinds: {
      decisionNeeded: "Votre décision est attendue",
      reply: "Réponse à votre fil",
      roundOpened: "Tour de validation ouvert",
      roundReopened: "Tour rouvert sans adoption",
      adopted: "Document adopté",
    },
    text: {
      decisionNeeded: "Le tour {{round}} sur « {{document}} » attend votre décision.",
      reply_one: "{{name}} a répondu dans un fil sur « {{document}} ».",
      reply_other: "{{count}} réponses dans un fil sur « {{document}} », la dernière de {{name}}.",
      roundOpened: "{{name}} a ouvert le tour {{round}} sur « {{document}} ».",
      roundReopened: "{{name}} a rouvert « {{document}} » à la rédaction (tour {{round}} clos sans adoption).",
      adopted: "« {{document}} » a été adopté (tour {{round}}).",
    },
    someone: "Quelqu'un",
    inProcess: "Processus : {{process}}",
    open: "Ouvrir",
    errors: {
      markInvalid: "La liste n'a pas pu être marquée comme lue : rechargez la page et réessayez. Rien n'a été modifié.",
    },
  },
  auditActions: {
    notifications: {
      seen: "Notifications marquées comme lues",
    },
  },
};
