// The demo workspace of `npm start`: written with INSERT OR IGNORE on fixed ids, so a
// second run changes nothing. Local only: a deployed instance never runs this.
import { pbkdf2Sync, randomBytes } from "node:crypto";

export const DEMO_ADMIN = { email: "admin@raibu.local", password: "raibu-admin", name: "Alex Martin" };
export const DEMO_WORKSPACE_ID = "demo-workspace";

/** The demo site is served by the same local server, on whatever port it runs. */
const LOCAL_ORIGINS = ["http://localhost:*", "http://127.0.0.1:*"];

export const DEMO_INTERFACES = [
  {
    id: "demo-website",
    name: "Website",
    language: "en",
    settings: {
      appearance: { color: "#1f6feb", title: "Northwind Bikes", welcome: "Hi! 👋 Ask us anything about our bikes.", launcherLabel: "Chat with us", position: "right", showAgentAvatar: true },
      allowLive: true,
      allowVideo: true,
      requestTimeoutSeconds: 60,
    },
  },
  {
    id: "demo-support-fr",
    name: "Support FR",
    language: "fr",
    settings: {
      appearance: { color: "#0f766e", title: "Support Northwind", welcome: "Bonjour ! 👋 Posez-nous vos questions sur nos vélos.", launcherLabel: "Discuter avec nous", position: "right", showAgentAvatar: true },
      allowLive: true,
      allowVideo: true,
      requestTimeoutSeconds: 60,
    },
  },
];

const b64url = (buf) => buf.toString("base64url");
const q = (value) => (value === null ? "NULL" : `'${String(value).replace(/'/g, "''")}'`);

/** The same `pbkdf2-sha256$iterations$salt$hash` format as worker/src/lib/passwords.ts. */
export function hashPassword(password) {
  const salt = randomBytes(16);
  const hash = pbkdf2Sync(password, salt, 100_000, 32, "sha256");
  return ["pbkdf2-sha256", 100_000, b64url(salt), b64url(hash)].join("$");
}

export function seedSql() {
  const statements = [
    `INSERT OR IGNORE INTO workspaces (id, name, time_zone) VALUES (${q(DEMO_WORKSPACE_ID)}, 'Northwind Bikes', 'Europe/Paris');`,
    `INSERT OR IGNORE INTO users (id, workspace_id, email, name, role, password_hash) VALUES ('demo-admin', ${q(DEMO_WORKSPACE_ID)}, ${q(DEMO_ADMIN.email)}, ${q(DEMO_ADMIN.name)}, 'owner', ${q(hashPassword(DEMO_ADMIN.password))});`,
    `INSERT OR IGNORE INTO users (id, workspace_id, email, name, role, password_hash) VALUES ('demo-agent', ${q(DEMO_WORKSPACE_ID)}, 'agent@raibu.local', 'Camille Durand', 'agent', ${q(hashPassword("raibu-agent"))});`,
    ...DEMO_INTERFACES.map(
      (i) =>
        `INSERT OR IGNORE INTO chat_interfaces (id, workspace_id, name, language, allowed_origins, identity_secret, signing_key, settings) VALUES (${q(i.id)}, ${q(DEMO_WORKSPACE_ID)}, ${q(i.name)}, ${q(i.language)}, ${q(JSON.stringify(LOCAL_ORIGINS))}, ${q(randomBytes(24).toString("base64url"))}, ${q(randomBytes(32).toString("base64url"))}, ${q(JSON.stringify(i.settings))});`,
    ),
  ];
  return statements.join("\n") + "\n";
}
