// Strings of offline work (issue 14): what the editor says about the device copy and the server,
// the page the service worker shows for a page this device never opened, and the warning before
// closing a page with unsent changes. English and French.
import type { Translation } from "../translation.js";
export const en = {
  offline: {
    device: {
      openedFromDevice: "Opened from this device's copy — offline.",
      pending_one: "{{count}} change is on this device only and will be sent when the network returns.",
      pending_other: "{{count}} changes are on this device only and will be sent when the network returns.",
      sending_one: "{{count}} change is on this device only; sending it to the server…",
      sending_other: "{{count}} changes are on this device only; sending them to the server…",
      allReached: "All changes have reached the server.",
      nothingPending: "Every change made here has reached the server.",
    },
    leaveWarning:
      "Some changes have not reached the server yet. They stay on this device and will be sent the next time this document is opened with a network.",
    page: {
      title: "Offline",
      heading: "No network, and this page was not opened on this device",
      body: "Only documents you have opened on this device while connected can be read offline. Check the connection and try again.",
      retry: "Try again",
      home: "Home",
    },
  },
} as const;

export const fr: Translation<typeof en> = {
  offline: {
    device: {
      openedFromDevice: "Ouvert depuis la copie de cet appareil — hors ligne.",
      pending_one: "{{count}} modification est seulement sur cet appareil ; elle sera envoyée au retour du réseau.",
      pending_other: "{{count}} modifications sont seulement sur cet appareil ; elles seront envoyées au retour du réseau.",
      sending_one: "{{count}} modification est seulement sur cet appareil ; envoi au serveur…",
      sending_other: "{{count}} modifications sont seulement sur cet appareil ; envoi au serveur…",
      allReached: "Toutes les modifications sont arrivées sur le serveur.",
      nothingPending: "Toutes les modifications faites ici sont arrivées sur le serveur.",
    },
    leaveWarning:
      "Des modifications ne sont pas encore arrivées sur le serveur. Elles restent sur cet appareil et seront envoyées à la prochaine ouverture de ce document avec du réseau.",
    page: {
      title: "Hors ligne",
      heading: "Pas de réseau, et cette page n’a pas été ouverte sur cet appareil",
      body: "Seuls les documents ouverts sur cet appareil avec une connexion peuvent être lus hors ligne. Vérifiez la connexion et réessayez.",
      retry: "Réessayer",
      home: "Accueil",
    },
  },
};
