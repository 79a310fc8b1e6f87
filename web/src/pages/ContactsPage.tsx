// Contacts captured from visitors; announced as coming soon for now.
import { ComingSoon } from "../components/ComingSoon";

export function ContactsPage() {
  return <ComingSoon title="nav.contacts" about="contacts.about" icon="contacts" />;
}
