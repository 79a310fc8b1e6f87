// Entry of the widget app inside the iframe.
import { render } from "solid-js/web";
import { App } from "./App";
import "./widget.css";
import "./components/later.css";
import "./components/offline.css";
import "./components/booking.css";

render(() => <App />, document.getElementById("root")!);
