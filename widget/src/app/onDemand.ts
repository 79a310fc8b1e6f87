// The views few visitors see (the rating after a chat, earlier conversations), with their texts
// and styles, in one chunk the widget loads when one is needed: nothing of them is in every
// visitor's first load. Their stylesheet is a file the import loads with the chunk (the widget's
// CSP allows no inline style).
import "./components/later.css";

export { default as History } from "./components/History";
export { default as RatingView } from "./components/RatingView";
