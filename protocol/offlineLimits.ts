// The offline form's limits (protocol/offline.ts), free of zod and apart from limits.ts: the
// widget's form checks them in its own chunk, and nothing of them is in every visitor's first load.
export const OFFLINE_MESSAGE_MAX = 5000;
export const OFFLINE_NAME_MAX = 80;
export const OFFLINE_PHONE_MAX = 40;
/** A phone number: empty, or digits with spaces, + ( ) . - */
export const OFFLINE_PHONE_PATTERN = /^$|^\+?[0-9 ().-]{5,}$/;
