// The console's routes under /app: signed-out pages, then the signed-in shell and its pages.
import { Route, Router } from "@solidjs/router";
import { lazy } from "solid-js";
import { AppRoot } from "./components/AppRoot";
import { Shell } from "./components/Shell";
import { BASE } from "./lib/paths";
import { AcceptInvitePage } from "./pages/AcceptInvitePage";
import { DevOutboxPage } from "./pages/DevOutboxPage";
import { InterfacePage } from "./pages/InterfacePage";
import { InterfacesPage } from "./pages/InterfacesPage";
import { LiveConversationsPage } from "./pages/LiveConversationsPage";
import { LoginPage } from "./pages/LoginPage";
import { NotFoundPage } from "./pages/NotFoundPage";
import { PreferencesPage } from "./pages/PreferencesPage";
import { ResetConfirmPage } from "./pages/ResetConfirmPage";
import { ResetRequestPage } from "./pages/ResetRequestPage";
import { SavedRepliesPage } from "./pages/SavedRepliesPage";
import { SettingsPage } from "./pages/SettingsPage";
import { TeamSettingsPage } from "./pages/TeamSettingsPage";

// The dashboard (agents land on it after signing in) with its texts; its chart library loads later still.
const DashboardPage = lazy(() => import("./pages/DashboardPage").then((m) => ({ default: m.DashboardPage })));
// The flow builder validates with the shared zod schema: loaded only when an admin opens it.
const FlowBuilderPage = lazy(() => import("./pages/FlowBuilderPage").then((m) => ({ default: m.FlowBuilderPage })));
// The offline inbox and its stylesheet: loaded when an agent opens it.
const OfflineMessagesPage = lazy(() => import("./pages/OfflineMessagesPage").then((m) => ({ default: m.OfflineMessagesPage })));
// Appointments, the agents' list and the settings, with their texts: loaded when opened.
const AppointmentsPage = lazy(() => import("./pages/AppointmentsPage").then((m) => ({ default: m.AppointmentsPage })));
const AppointmentSettingsPage = lazy(() => import("./pages/AppointmentSettingsPage").then((m) => ({ default: m.AppointmentSettingsPage })));
// Contacts, the list and a contact's page, each with the Contacts texts: loaded when opened.
const ContactsPage = lazy(() => import("./pages/ContactsPage").then((m) => ({ default: m.ContactsPage })));
const ContactPage = lazy(() => import("./pages/ContactPage").then((m) => ({ default: m.ContactPage })));
// Settings → Integrations (webhooks, CRMs), the admins', with its texts: loaded when opened.
const IntegrationsPage = lazy(() => import("./pages/IntegrationsPage").then((m) => ({ default: m.IntegrationsPage })));

export function App() {
  return (
    <Router base={BASE} root={AppRoot}>
      <Route path="/login" component={LoginPage} />
      <Route path="/reset" component={ResetRequestPage} />
      <Route path="/reset/:token" component={ResetConfirmPage} />
      <Route path="/invite/:token" component={AcceptInvitePage} />
      <Route path="/" component={Shell}>
        <Route path="/" component={DashboardPage} />
        <Route path="/live/:conversationId?" component={LiveConversationsPage} />
        <Route path="/offline/:threadId?" component={OfflineMessagesPage} />
        <Route path="/appointments" component={AppointmentsPage} />
        <Route path="/contacts" component={ContactsPage} />
        <Route path="/contacts/:id" component={ContactPage} />
        <Route path="/settings" component={SettingsPage}>
          <Route path="/" component={TeamSettingsPage} />
          <Route path="/preferences" component={PreferencesPage} />
          <Route path="/interfaces" component={InterfacesPage} />
          <Route path="/interfaces/new" component={InterfacePage} />
          <Route path="/interfaces/:id" component={InterfacePage} />
          <Route path="/interfaces/:id/flow" component={FlowBuilderPage} />
          <Route path="/saved-replies" component={SavedRepliesPage} />
          <Route path="/appointments" component={AppointmentSettingsPage} />
          <Route path="/integrations" component={IntegrationsPage} />
        </Route>
        <Route path="/dev/outbox" component={DevOutboxPage} />
        <Route path="*404" component={NotFoundPage} />
      </Route>
    </Router>
  );
}
