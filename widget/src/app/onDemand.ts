// The views few visitors see (the rating after a chat, earlier conversations), with their texts
// and styles, in one chunk the widget loads when one is needed: one request, and nothing of them
// in every visitor's first load. The styles come as text, so the chunk needs no stylesheet loaded.
import styles from "./components/later.css?inline";

export { default as History } from "./components/History";
export { default as RatingView } from "./components/RatingView";

const sheet = document.createElement("style");
sheet.textContent = styles;
document.head.append(sheet);
