// Pause demo / Play demo: stops and restarts an exercise demo's SVG animation (WCAG 2.2.2).
// Wired by data-demo-toggle; it changes no style, only the animation clock and the label.

export function wireDemos(root) {
  for (const button of root.querySelectorAll("[data-demo-toggle]:not([data-wired])")) {
    button.dataset.wired = "";
    const svg = button.closest("[data-demo]")?.querySelector("svg.demo-motion");
    if (!svg || typeof svg.pauseAnimations !== "function") {
      button.hidden = true; // nothing it could pause here
      continue;
    }
    button.addEventListener("click", () => {
      const paused = svg.animationsPaused();
      if (paused) svg.unpauseAnimations();
      else svg.pauseAnimations();
      button.textContent = paused ? button.dataset.pauseLabel : button.dataset.playLabel;
    });
  }
}
