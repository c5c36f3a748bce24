/**
 * The widget's styles, adopted by its shadow root (a constructed sheet: a partner's
 * Content-Security-Policy without 'unsafe-inline' for styles lets it through). Partners style it
 * with five custom properties, inherited through the shadow boundary.
 */
export const CSS = `
:host{display:block;--a:var(--nfc-accent,#1f5f8b);--t:var(--nfc-text,#1a1a1a);--b:var(--nfc-background,#fff);--r:var(--nfc-radius,6px);font-family:var(--nfc-font,system-ui,sans-serif);color:var(--t);background:var(--b);line-height:1.45}
:host([hidden]){display:none}
*{box-sizing:border-box}
section{padding:1rem;border-radius:var(--r);border:1px solid color-mix(in srgb,var(--t) 20%,transparent)}
h2,h3,h4,h5,h6{margin:0;line-height:1.25}
.h{font-size:1.25rem;margin-bottom:.75rem}
form{display:flex;flex-wrap:wrap;gap:.5rem 1rem;margin:0 0 .75rem}
fieldset{border:0;padding:0;margin:0;display:contents}
legend{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
label{display:flex;flex-direction:column;font-size:.875rem;gap:.2rem;flex:1 1 12rem;min-width:0}
select,button{font:inherit;color:var(--t);background:var(--b);border:1px solid color-mix(in srgb,var(--t) 60%,transparent);border-radius:var(--r);padding:.45rem .5rem;min-height:44px;max-width:100%}
button{cursor:pointer;border-color:var(--a);color:var(--a)}
a{color:var(--a);text-underline-offset:.15em}
a:hover{text-decoration-thickness:2px}
:focus-visible{outline:3px solid var(--a);outline-offset:2px}
.s{margin:.25rem 0 .75rem;font-size:.9375rem}
.e{list-style:none;margin:0;padding:0;display:grid;gap:.75rem}
.e>li{padding:.75rem;border-radius:var(--r);border-left:4px solid var(--a);background:color-mix(in srgb,var(--a) 6%,var(--b))}
.e h3,.e h4,.e h5,.e h6{font-size:1.0625rem}
.e p{margin:.25rem 0 0}
.m{font-size:.875rem}
.x>h3 a,.x>h4 a,.x>h5 a,.x>h6 a{text-decoration-line:line-through}
.g{display:inline-block;margin-left:.4rem;padding:0 .4rem;border-radius:var(--r);font-size:.8125rem;font-weight:700;color:var(--b);background:var(--t);vertical-align:middle}
.c{display:inline-block;margin-top:.4rem;font-size:.875rem;min-height:24px}
.map{margin:1rem 0 0}
.map svg{display:block;width:100%;max-width:28rem;height:auto;margin:0 auto}
.map path{fill:color-mix(in srgb,var(--t) 14%,var(--b));stroke:var(--b);stroke-width:.08;stroke-linejoin:round}
.map path.on{fill:var(--a)}
.f{margin:.75rem 0 0;font-size:.8125rem}
.v{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
@media (prefers-reduced-motion:no-preference){.e{animation:nfc-in .2s ease-out}@keyframes nfc-in{from{opacity:.3}to{opacity:1}}}
`;
