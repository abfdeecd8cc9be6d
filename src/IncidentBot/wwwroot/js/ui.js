// Rendering: preact with htm templates (vendored, no build step). Every module imports from here.
import { h, render } from "preact";
import htm from "htm";

export { render };
export const html = htm.bind(h);
export * from "preact/hooks";
