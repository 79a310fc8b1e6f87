// Entry of the call page.
import { render } from "solid-js/web";
import { App } from "./App";
import "./call.css";

render(() => <App />, document.getElementById("root")!);
