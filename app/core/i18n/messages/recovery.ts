// Account recovery without email (password reset links issued by the administrator), and the
// limit on secret links tried from one address.

export const en = {
  recovery: {
    issue: "Reset link",
    reissue: "New reset link",
    revoke: "Revoke reset link",
    issuedFor: "Reset link for {{name}}",
    handOver:
      "Give this link to the account's holder yourself, or by a channel you trust: whoever opens it can set the password. It works once, until {{date}}, and is shown only now.",
    link: "Reset link",
    liveUntil: "reset link valid until {{date}}",
    title: "Choose a new password",
    intro: "This link sets a new password for the account of {{name}}.",
    newPassword: "New password",
    confirmPassword: "New password again",
    submit: "Set the password and sign in",
    afterwards: "Every other session of this account will be signed out.",
    invalidTitle: "This reset link cannot be used",
    state: {
      unknown: "This reset link does not exist. Check that it was copied whole, or ask the administrator for a new one.",
      expired: "This reset link has expired. Ask the administrator for a new one.",
      used: "This reset link was already used. Each link works once: ask the administrator for a new one.",
      revoked: "This reset link was revoked. Ask the administrator for a new one if needed.",
      disabled: "This account is disabled. Ask the administrator.",
      throttled: "Too many links that cannot be used were tried from this address. Wait a quarter of an hour and try again.",
    },
    errors: {
      mismatch: "The two passwords are not the same.",
      unknownAccount: "This account does not exist.",
      accountDisabled: "This account is disabled: enable it before issuing a reset link.",
      noLiveLink: "This account has no reset link in force.",
    },
  },
  invitations: {
    state: {
      throttled: "Too many links that cannot be used were tried from this address. Wait a quarter of an hour and try again.",
    },
  },
};

export const fr: typeof en = {
  recovery: {
    issue: "Lien de réinitialisation",
    reissue: "Nouveau lien de réinitialisation",
    revoke: "Révoquer le lien de réinitialisation",
    issuedFor: "Lien de réinitialisation pour {{name}}",
    handOver:
      "Remettez ce lien vous-même au titulaire du compte, ou par un canal de confiance : quiconque l'ouvre peut choisir le mot de passe. Il fonctionne une fois, jusqu'au {{date}}, et n'est affiché que maintenant.",
    link: "Lien de réinitialisation",
    liveUntil: "lien de réinitialisation valable jusqu'au {{date}}",
    title: "Choisissez un nouveau mot de passe",
    intro: "Ce lien définit un nouveau mot de passe pour le compte de {{name}}.",
    newPassword: "Nouveau mot de passe",
    confirmPassword: "Nouveau mot de passe, à nouveau",
    submit: "Définir le mot de passe et se connecter",
    afterwards: "Toutes les autres sessions de ce compte seront fermées.",
    invalidTitle: "Ce lien de réinitialisation ne peut pas être utilisé",
    state: {
      unknown: "Ce lien de réinitialisation n'existe pas. Vérifiez qu'il a été copié en entier, ou demandez-en un nouveau à l'administrateur.",
      expired: "Ce lien de réinitialisation a expiré. Demandez-en un nouveau à l'administrateur.",
      used: "Ce lien de réinitialisation a déjà servi. Chaque lien ne fonctionne qu'une fois : demandez-en un nouveau à l'administrateur.",
      revoked: "Ce lien de réinitialisation a été révoqué. Demandez-en un nouveau à l'administrateur si nécessaire.",
      disabled: "Ce compte est désactivé. Adressez-vous à l'administrateur.",
      throttled: "Trop de liens inutilisables ont été essayés depuis cette adresse. Attendez un quart d'heure et réessayez.",
    },
    errors: {
      mismatch: "Les deux mots de passe ne sont pas identiques.",
      unknownAccount: "Ce compte n'existe pas.",
      accountDisabled: "Ce compte est désactivé : réactivez-le avant d'émettre un lien de réinitialisation.",
      noLiveLink: "Ce compte n'a aucun lien de réinitialisation en vigueur.",
    },
  },
  invitations: {
    state: {
      throttled: "Trop de liens inutilisables ont été essayés depuis cette adresse. Attendez un quart d'heure et réessayez.",
    },
  },
};
