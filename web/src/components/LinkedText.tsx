// Plain text shown as text, with its web addresses made clickable; no HTML is ever parsed.
import { linkedNodes } from "../../../client/links";

/** Links open in a new tab (rel="noopener noreferrer"); see client/links.ts. */
export function LinkedText(props: { text: string }) {
  return <>{linkedNodes(props.text)}</>;
}
