// The widget's stylesheet, scoped by its shadow root: the host page's CSS cannot reach
// in and this cannot leak out. `:host { all: initial }` also stops inherited properties
// (font, colour, line height) from crossing the boundary.

export const STYLES = `
:host{all:initial}
*{box-sizing:border-box}
[hidden]{display:none!important}
.cd{--cd-color:#4f46e5;--cd-on:#fff;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#111827}
.cd-sr{position:absolute;width:1px;height:1px;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
button,textarea{font:inherit;color:inherit}
button{cursor:pointer}
:focus-visible{outline:3px solid #2563eb;outline-offset:2px}
.cd-launcher{position:fixed;bottom:20px;right:20px;z-index:2147483000;display:flex;align-items:center;gap:8px;min-width:56px;height:56px;padding:0 16px;border:0;border-radius:28px;background:var(--cd-color);color:var(--cd-on);box-shadow:0 6px 24px rgba(0,0,0,.2);font-weight:600;justify-content:center}
.cd-left .cd-launcher{right:auto;left:20px}
.cd-launcher svg{width:26px;height:26px;flex:none}
.cd-badge{position:absolute;top:-4px;right:-4px;min-width:20px;height:20px;padding:0 6px;border-radius:10px;background:#dc2626;color:#fff;font-size:12px;line-height:20px;text-align:center}
.cd-panel{position:fixed;bottom:88px;right:20px;z-index:2147483000;display:flex;flex-direction:column;width:370px;height:min(600px,calc(100vh - 110px));background:#fff;border-radius:16px;box-shadow:0 12px 48px rgba(0,0,0,.25);overflow:hidden}
.cd-left .cd-panel{right:auto;left:20px}
.cd-header{display:flex;align-items:center;gap:10px;padding:12px 12px 12px 16px;background:var(--cd-color);color:var(--cd-on)}
.cd-avatar{width:36px;height:36px;border-radius:50%;object-fit:cover;background:rgba(255,255,255,.3);flex:none}
.cd-heading{flex:1;min-width:0}
.cd-title{margin:0;font-size:16px;font-weight:600;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.cd-notice{margin:0;font-size:12px;opacity:.85}
.cd-close{width:36px;height:36px;border:0;border-radius:50%;background:transparent;color:inherit;font-size:24px;line-height:1}
.cd-close:hover{background:rgba(0,0,0,.12)}
.cd-log{flex:1;overflow-y:auto;padding:16px;display:flex;flex-direction:column;gap:8px;background:#f9fafb;overscroll-behavior:contain}
.cd-msg{display:flex;flex-direction:column;max-width:85%}
.cd-visitor{align-self:flex-end;align-items:flex-end}
.cd-business{align-self:flex-start;align-items:flex-start}
.cd-bubble{padding:8px 12px;border-radius:16px;white-space:pre-wrap;overflow-wrap:anywhere}
.cd-visitor .cd-bubble{background:var(--cd-color);color:var(--cd-on);border-bottom-right-radius:4px}
.cd-business .cd-bubble{background:#fff;border:1px solid #e5e7eb;border-bottom-left-radius:4px}
.cd-pending .cd-bubble{opacity:.7}
.cd-failed .cd-bubble{background:#fee2e2;color:#7f1d1d}
.cd-meta{font-size:11px;color:#6b7280;margin-top:2px}
.cd-meta button{padding:0;border:0;background:none;color:#b91c1c;text-decoration:underline;font-size:11px}
.cd-img{display:block;max-width:100%;max-height:240px;margin-top:4px;border-radius:12px}
.cd-choices{display:flex;flex-wrap:wrap;gap:6px;margin-top:6px}
.cd-choice{padding:6px 12px;border:1px solid var(--cd-color);border-radius:16px;background:#fff;color:#111827;text-decoration:none;font-size:13px}
.cd-choice:hover{background:#eef2ff}
.cd-typing{display:flex;gap:4px;align-self:flex-start;padding:10px 12px;border-radius:16px;background:#fff;border:1px solid #e5e7eb}
.cd-typing i{width:6px;height:6px;border-radius:50%;background:#9ca3af;animation:cd-blink 1.2s infinite}
.cd-typing i:nth-child(2){animation-delay:.2s}
.cd-typing i:nth-child(3){animation-delay:.4s}
@keyframes cd-blink{0%,80%,100%{opacity:.3}40%{opacity:1}}
@media (prefers-reduced-motion:reduce){.cd-typing i{animation:none}}
.cd-form{display:flex;align-items:flex-end;gap:8px;padding:10px;border-top:1px solid #e5e7eb;background:#fff}
.cd-input{flex:1;resize:none;max-height:120px;min-height:40px;padding:9px 12px;border:1px solid #d1d5db;border-radius:20px;background:#fff;outline:none}
.cd-input:focus{border-color:var(--cd-color);box-shadow:0 0 0 2px var(--cd-color)}
.cd-send{width:40px;height:40px;flex:none;border:0;border-radius:50%;background:var(--cd-color);color:var(--cd-on)}
.cd-send:disabled{opacity:.5;cursor:default}
.cd-send svg{width:20px;height:20px;vertical-align:middle}
@media (max-width:480px){
.cd .cd-panel{inset:0;width:auto;height:auto;border-radius:0}
.cd-open .cd-launcher{display:none}
}
`;
