// The demo workspace of `npm start`: written with INSERT OR IGNORE on fixed ids, so a
// second run changes nothing. Local only: a deployed instance never runs this.
import { pbkdf2Sync, randomBytes } from "node:crypto";

export const DEMO_ADMIN = { email: "admin@raibu.local", password: "raibu-admin", name: "Alex Martin" };
export const DEMO_WORKSPACE_ID = "demo-workspace";

/** The demo site is served by the same local server, on whatever port it runs. */
const LOCAL_ORIGINS = ["http://localhost:*", "http://127.0.0.1:*"];

/** A greeting, the visitor's name and email, then live or video chat (60 s, offline form on). */
function welcomeFlow(t) {
  return {
    schemaVersion: 1,
    start: "greeting",
    offerRequestsAnytime: true,
    steps: [
      { id: "greeting", kind: "message", text: t.greeting, delaySeconds: 0, next: "ask-name" },
      { id: "ask-name", kind: "question", text: t.askName, field: "name", retryText: "", next: "ask-email" },
      { id: "ask-email", kind: "question", text: t.askEmail, field: "email", retryText: t.retryEmail, next: "human" },
      {
        id: "human",
        kind: "live_chat",
        text: t.offer,
        offer: "both",
        timeoutSeconds: 60,
        waitingText: t.waiting,
        // Name (optional), email and message (required): the schema's default fields.
        offlineForm: { enabled: true },
        // The demo is often tried before a console is open: let the request wait for one.
        whenNobodyOnline: "wait",
      },
    ],
  };
}

export const DEMO_INTERFACES = [
  {
    id: "demo-website",
    name: "Website",
    language: "en",
    settings: {
      appearance: { color: "#1f6feb", title: "Northwind Bikes", welcome: "", launcherLabel: "Chat with us", position: "right", showAgentAvatar: true },
    },
    flow: welcomeFlow({
      greeting: "Hi! 👋 Welcome to Northwind Bikes. Ask us anything about our bikes.",
      askName: "What's your name?",
      askEmail: "Thanks! What's your email address, in case we get cut off?",
      retryEmail: "That doesn't look like an email address. Could you check it?",
      offer: "Would you like to talk to someone from the team? Choose a live chat or a video chat.",
      waiting: "Someone from the team will be with you shortly.",
    }),
  },
  {
    id: "demo-support-fr",
    name: "Support FR",
    language: "fr",
    settings: {
      appearance: { color: "#0f766e", title: "Support Northwind", welcome: "", launcherLabel: "Discuter avec nous", position: "right", showAgentAvatar: true },
    },
    flow: welcomeFlow({
      greeting: "Bonjour ! 👋 Bienvenue chez Northwind Bikes. Posez-nous vos questions sur nos vélos.",
      askName: "Comment vous appelez-vous ?",
      askEmail: "Merci ! Quelle est votre adresse e-mail, au cas où nous serions coupés ?",
      retryEmail: "Cette adresse e-mail ne semble pas valide. Pouvez-vous la vérifier ?",
      offer: "Souhaitez-vous parler à quelqu'un de l'équipe ? Choisissez le chat en direct ou le chat vidéo.",
      waiting: "Quelqu'un de l'équipe arrive dans un instant.",
    }),
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
    ...DEMO_INTERFACES.flatMap((i) => [
      `INSERT OR IGNORE INTO chat_interfaces (id, workspace_id, name, language, allowed_origins, identity_secret, signing_key, settings, draft_flow, draft_updated_at, published_version) VALUES (${q(i.id)}, ${q(DEMO_WORKSPACE_ID)}, ${q(i.name)}, ${q(i.language)}, ${q(JSON.stringify(LOCAL_ORIGINS))}, ${q(randomBytes(24).toString("base64url"))}, ${q(randomBytes(32).toString("base64url"))}, ${q(JSON.stringify(i.settings))}, ${q(JSON.stringify(i.flow))}, ${Date.now()}, 1);`,
      `INSERT OR IGNORE INTO flow_versions (interface_id, version, workspace_id, definition, published_by, published_at) VALUES (${q(i.id)}, 1, ${q(DEMO_WORKSPACE_ID)}, ${q(JSON.stringify(i.flow))}, 'demo-admin', ${Date.now()});`,
    ]),
  ];
  return statements.join("\n") + "\n";
}
