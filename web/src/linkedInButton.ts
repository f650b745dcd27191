/** The "Add to LinkedIn" button shown under a valid credential. */
import { linkedInAddToProfileUrl } from "../../sdk/src/index";
import { h } from "./dom";

/**
 * A link styled as a button to LinkedIn's add-to-profile form, or undefined when the credential lacks
 * what the form needs (e.g. its achievement name was hidden).
 *
 * @example
 * const button = renderLinkedInButton(credential, "https://d.example/c/#ABEiM0RVZneImaq7zN3u_w");
 */
export function renderLinkedInButton(credential: unknown, certUrl: string | undefined): HTMLElement | undefined {
  let href: string;
  try {
    href = linkedInAddToProfileUrl(credential, { certUrl });
  } catch {
    return undefined;
  }
  return h(
    "a",
    { class: "button linkedin", id: "linkedin-button", href, target: "_blank", rel: "noopener noreferrer" },
    "Add to LinkedIn",
  );
}
