// The call page's words, in English and French (the French typed against the English keys).
import { createSignal } from "solid-js";
import { browserLang, fillPlaceholders, type Lang, type Params } from "../../client/lang";

const en = {
  title: "Video call",
  loading: "Loading the call…",
  invalid: "This call link is not valid.",
  invalidHint: "Check that you opened the whole link, or ask for a new one in the chat.",
  expired: "This call link has expired.",
  expiredHint: "Ask for a new link in the chat.",
  tooMany: "Too many attempts. Try again in a minute.",
  unreachable: "The call could not be loaded. Check your connection and try again.",
  retry: "Try again",
  callWith: "Call with {name}",
  scheduled: "Booked for {time}",
  preview: "Check your camera and microphone before joining.",
  askingMedia: "Asking for your camera and microphone…",
  camera: "Camera",
  microphone: "Microphone",
  join: "Join the call",
  joinAudioOnly: "Join with audio only",
  joinWithoutMedia: "Join without camera or microphone",
  denied: "Your browser blocked the camera and microphone. Allow them in the site settings next to the address bar, then try again.",
  none: "No camera or microphone was found on this device.",
  in_use: "Your camera or microphone is being used by another application. Close it, then try again.",
  unsupported: "This browser cannot use a camera or microphone here.",
  noMedia: "You are joining without camera or microphone: {name} will not see or hear you.",
  joining: "Joining…",
  waiting: "Waiting for {name} to join…",
  connecting: "Connecting to {name}…",
  connected: "Connected with {name}",
  interrupted: "The connection was interrupted. Reconnecting…",
  left: "{name} has left the call. They can come back with their link.",
  reconnecting: "Connection to the server lost. Reconnecting…",
  ended: "The call has ended",
  endedByYou: "You hung up.",
  endedByPeer: "{name} hung up.",
  lasted: "The call lasted {duration}.",
  busy: "You are already in this call on another page.",
  busyHint: "Close the other page, then reload this one.",
  mute: "Mute",
  unmute: "Unmute",
  cameraOff: "Turn camera off",
  cameraOn: "Turn camera on",
  share: "Share screen",
  stopShare: "Stop sharing",
  hangUp: "Hang up",
  peerMuted: "{name} is muted",
  peerCameraOff: "{name}'s camera is off",
  peerSharing: "{name} is sharing their screen",
  you: "You",
  yourVideo: "Your video",
  peerVideo: "{name}'s video",
  quality: "Connection: {quality}",
  good: "good",
  fair: "fair",
  poor: "poor",
  language: "Language",
  controls: "Call controls",
};

export type TextKey = keyof typeof en;

const fr: Record<TextKey, string> = {
  title: "Appel vidéo",
  loading: "Chargement de l'appel…",
  invalid: "Ce lien d'appel n'est pas valide.",
  invalidHint: "Vérifiez que vous avez ouvert le lien en entier, ou demandez-en un nouveau dans la discussion.",
  expired: "Ce lien d'appel a expiré.",
  expiredHint: "Demandez un nouveau lien dans la discussion.",
  tooMany: "Trop de tentatives. Réessayez dans une minute.",
  unreachable: "L'appel n'a pas pu être chargé. Vérifiez votre connexion et réessayez.",
  retry: "Réessayer",
  callWith: "Appel avec {name}",
  scheduled: "Prévu le {time}",
  preview: "Vérifiez votre caméra et votre micro avant de rejoindre l'appel.",
  askingMedia: "Demande d'accès à la caméra et au micro…",
  camera: "Caméra",
  microphone: "Micro",
  join: "Rejoindre l'appel",
  joinAudioOnly: "Rejoindre en audio seulement",
  joinWithoutMedia: "Rejoindre sans caméra ni micro",
  denied: "Votre navigateur a bloqué la caméra et le micro. Autorisez-les dans les paramètres du site, à côté de la barre d'adresse, puis réessayez.",
  none: "Aucune caméra ni aucun micro n'a été trouvé sur cet appareil.",
  in_use: "Votre caméra ou votre micro est utilisé par une autre application. Fermez-la, puis réessayez.",
  unsupported: "Ce navigateur ne peut pas utiliser de caméra ni de micro ici.",
  noMedia: "Vous rejoignez sans caméra ni micro : {name} ne vous verra ni ne vous entendra.",
  joining: "Connexion…",
  waiting: "En attente de {name}…",
  connecting: "Connexion avec {name}…",
  connected: "En ligne avec {name}",
  interrupted: "La connexion a été interrompue. Reconnexion…",
  left: "{name} a quitté l'appel. Son lien lui permet de revenir.",
  reconnecting: "Connexion au serveur perdue. Reconnexion…",
  ended: "L'appel est terminé",
  endedByYou: "Vous avez raccroché.",
  endedByPeer: "{name} a raccroché.",
  lasted: "L'appel a duré {duration}.",
  busy: "Vous êtes déjà dans cet appel sur une autre page.",
  busyHint: "Fermez l'autre page, puis rechargez celle-ci.",
  mute: "Couper le micro",
  unmute: "Activer le micro",
  cameraOff: "Couper la caméra",
  cameraOn: "Activer la caméra",
  share: "Partager l'écran",
  stopShare: "Arrêter le partage",
  hangUp: "Raccrocher",
  peerMuted: "{name} a coupé son micro",
  peerCameraOff: "La caméra de {name} est coupée",
  peerSharing: "{name} partage son écran",
  you: "Vous",
  yourVideo: "Votre vidéo",
  peerVideo: "Vidéo de {name}",
  quality: "Connexion : {quality}",
  good: "bonne",
  fair: "moyenne",
  poor: "faible",
  language: "Langue",
  controls: "Commandes de l'appel",
};

const dictionaries: Record<Lang, Record<TextKey, string>> = { en, fr };

export const [lang, setLang] = createSignal<Lang>(browserLang(typeof navigator === "undefined" ? [] : navigator.languages));

export const t = (key: TextKey, params?: Params) => fillPlaceholders(dictionaries[lang()][key], params, lang());

/** A call's length as a clock: 0:42, 1:05, 1:03:20. */
export function clock(ms: number): string {
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

export const LANG_NAMES: Record<Lang, string> = { en: "English", fr: "Français" };
