// Remembers the visitor's token per chat interface, so a returning visitor gets their
// conversation back. Storage may throw (Safari private mode, blocked third-party
// storage in the iframe): then the visitor is simply new on each load.

const key = (interfaceId: string) => `raibu.visitor.${interfaceId}`;

export function readVisitorToken(interfaceId: string): string | undefined {
  try {
    return localStorage.getItem(key(interfaceId)) ?? undefined;
  } catch {
    return undefined;
  }
}

export function saveVisitorToken(interfaceId: string, token: string) {
  try {
    localStorage.setItem(key(interfaceId), token);
  } catch {
    // Not remembered; see above.
  }
}

/** The host page's `Raibu.shutdown()` (its logout): the next person at this computer is a new visitor. */
export function forgetVisitorToken(interfaceId: string) {
  try {
    localStorage.removeItem(key(interfaceId));
  } catch {
    // Nothing could have been remembered either.
  }
}
