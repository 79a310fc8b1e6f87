// The frame of the signed-out pages (sign-in, reset, invitation): brand, language, one card.
import type { JSX } from "solid-js";
import { BrandMark } from "./BrandMark";
import { LanguageSwitch } from "./LanguageSwitch";
import "./auth.css";

export function AuthCard(props: { title: string; intro?: string; children: JSX.Element }) {
  return (
    <div class="auth-page">
      <header class="auth-top">
        <span class="brand">
          <BrandMark />
          Raibu
        </span>
        <LanguageSwitch />
      </header>
      <main class="auth-main" id="main">
        <section class="auth-card">
          <h1 id="auth-title">{props.title}</h1>
          {props.intro && <p class="auth-intro">{props.intro}</p>}
          {props.children}
        </section>
      </main>
    </div>
  );
}
