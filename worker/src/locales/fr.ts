// French texts the Worker writes; typed against the English keys so none can be missing.
import type { Dictionary } from "./en";

export const fr: Dictionary = {
  "bot.greeting": "Bonjour ! Comment pouvons-nous vous aider ?",
  "bot.reply": "Merci pour votre message ! Quelqu'un de l'équipe vous répondra ici.",
  "bot.replyWithOffer": "Merci pour votre message ! Pour parler à une personne, utilisez les boutons ci-dessous.",

  "notice.takeover": "{agent} a repris le chat",
  "notice.accepted": "{agent} a accepté la demande",
  "notice.transferred": "{from} a transféré le chat à {to}",
  "notice.closed": "La conversation est terminée",
  "notice.requestTimeout": "Personne n'est disponible pour le moment",
  "notice.nobodyOnline": "Personne n'est en ligne pour le moment",
  "notice.outsideHours": "En dehors des heures d'ouverture",
  "notice.requested.live": "Le visiteur demande à parler à une personne",
  "notice.requested.video": "Le visiteur demande un chat vidéo",
  "notice.callJoined.agent": "L'agent a rejoint l'appel vidéo",
  "notice.callJoined.visitor": "Le visiteur a rejoint l'appel vidéo",
  "notice.callEnded": "Appel vidéo terminé ({minutes} min)",
  "notice.appointmentBooked": "Le visiteur a pris rendez-vous",
  "notice.offlineFormSent": "Le visiteur a laissé un message hors ligne",
  "notice.keptAsMessage": "Le visiteur a écrit un message là où le bot demandait son nom : il est gardé comme message",

  "flow.retry.name": "Pouvez-vous me donner votre nom ?",
  "flow.retry.email": "Cette adresse e-mail ne semble pas valide. Pouvez-vous la vérifier ?",
  "flow.retry.phone": "Ce numéro de téléphone ne semble pas valide. Pouvez-vous le vérifier ?",
  "flow.retry.text": "Pouvez-vous réécrire votre réponse ?",
  "flow.retry.custom": "Pouvez-vous réécrire votre réponse ?",
  "flow.continue": "Continuer",
  "flow.skip": "Je préfère ne pas le donner",

  "visitor.numbered": "Visiteur #{number}",

  "offline.form.required": "Veuillez remplir ce champ.",
  "offline.form.invalid": "Veuillez vérifier ce champ.",
  "offline.form.invalidEmail": "Saisissez une adresse e-mail valide.",
  "offline.form.invalidPhone": "Saisissez un numéro de téléphone (chiffres, espaces, + ( ) . -).",
  "offline.form.tooLong": "{max} caractères au plus.",

  "email.invite.subject": "Vous êtes invité·e à rejoindre {workspace} sur Raibu",
  "email.invite.body":
    "{inviter} vous invite à répondre aux visiteurs de {workspace} sur Raibu. Choisissez votre mot de passe pour rejoindre l'équipe :",
  "email.invite.expiry": "Ce lien expire dans 7 jours.",
  "email.inviteTaken.body":
    "{inviter} vous invite à répondre aux visiteurs de {workspace} sur Raibu, mais cette adresse e-mail a déjà un compte Raibu dans un autre espace, et un compte appartient à un seul espace.",
  "email.inviteTaken.hint":
    "Pour rejoindre l'équipe, demandez à {inviter} d'inviter une autre de vos adresses. Si vous n'attendiez pas ce message, ignorez-le.",
  "email.reset.subject": "Réinitialisez votre mot de passe Raibu",
  "email.reset.body": "Une réinitialisation du mot de passe de votre compte Raibu a été demandée. Choisissez-en un nouveau ici :",
  "email.reset.expiry": "Ce lien expire dans 1 heure. Si vous n'en êtes pas à l'origine, ignorez cet e-mail.",

  "page.call.title": "Les appels vidéo ne sont pas encore disponibles",
  "page.call.body":
    "Ce lien d’appel vidéo ne peut pas être ouvert : les appels vidéo ne sont pas encore disponibles sur ce service de chat. Revenez à la fenêtre de chat du site pour continuer la conversation.",
  "page.reply.title": "La réponse par lien n’est pas encore disponible",
  "page.reply.body":
    "Ce lien de réponse ne peut pas être ouvert : répondre à un message depuis un lien n’est pas encore possible sur ce service de chat. Ouvrez le chat sur le site pour nous écrire.",
  "email.offlineReply.subject": "Re : votre message à {site}",
  "email.offlineReply.marker": "Écrivez votre réponse au-dessus de cette ligne",
  "email.offlineReply.intro": "{agent} de {site} a répondu à votre message :",
  "email.offlineReply.byEmail": "Répondez à cet e-mail, ou écrivez votre réponse sur cette page :",
  "email.offlineReply.byLink": "Pour répondre, ouvrez cette page :",
  "email.offlineReply.linkLabel": "Répondre sur le web",
  "email.offlineReply.expiry": "Ce lien fonctionne jusqu’au {date}.",
  "email.offlineReply.history": "Plus tôt dans cette conversation",
  "email.offlineReply.you": "Vous",

  "inbound.unknown": "Cette adresse ne reçoit pas de messages. Utilisez le lien de l’e-mail reçu, ou commencez une nouvelle conversation sur le site.",
  "inbound.expired": "Cette adresse de réponse a expiré. Commencez une nouvelle conversation sur le site pour nous écrire à nouveau.",
  "inbound.empty": "Nous n’avons trouvé aucun texte dans votre message. Écrivez votre réponse au-dessus de l’e-mail cité, ou utilisez le lien de l’e-mail.",
  "inbound.tooLong": "Votre réponse dépasse {max} caractères. Raccourcissez-la, ou utilisez le lien de l’e-mail.",
  "inbound.limited": "Trop de messages en peu de temps. Attendez quelques minutes et renvoyez votre réponse.",

  "page.answer.title": "Votre conversation avec {site}",
  "page.answer.intro": "Lisez la conversation et écrivez votre réponse ci-dessous. Nous vous répondrons par e-mail.",
  "page.answer.you": "Vous",
  "page.answer.label": "Votre réponse",
  "page.answer.send": "Envoyer",
  "page.answer.sent": "Merci, votre réponse a été envoyée. Nous vous répondrons par e-mail.",
  "page.answer.empty": "Écrivez votre réponse avant de l’envoyer.",
  "page.answer.tooLong": "Les réponses sont limitées à {max} caractères.",
  "page.answer.badOrigin": "Cette réponse n’a pas pu être envoyée d’ici. Rouvrez le lien de l’e-mail et envoyez-la depuis cette page.",
  "page.answer.limited": "Trop de requêtes depuis votre réseau. Attendez une minute et réessayez.",
  "page.answer.expired.title": "Ce lien a expiré",
  "page.answer.expired.body": "Les liens de réponse ne fonctionnent qu’un temps. Pour nous écrire à nouveau, commencez une nouvelle conversation sur le site.",
  "page.answer.invalid.title": "Ce lien ne fonctionne pas",
  "page.answer.invalid.body": "Ce lien de réponse est incomplet ou a été modifié. Rouvrez-le depuis l’e-mail reçu, ou commencez une nouvelle conversation sur le site.",
  "page.answer.newConversation": "Commencer une nouvelle conversation",

};
