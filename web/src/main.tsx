// Starts the agent console in #root.
import "./styles.css";
import { render } from "solid-js/web";
import { App } from "./App";

render(() => <App />, document.getElementById("root")!);
