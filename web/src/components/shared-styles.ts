// Styles shared by the dashboard's elements (buttons, tables, badges).
import { css } from 'lit';

export const baseStyles = css`
  :host { box-sizing: border-box; font-family: system-ui, 'Liberation Sans', sans-serif; color: #1d2330; }
  *, *::before, *::after { box-sizing: inherit; }
  button, .btn { font: inherit; font-size: 13px; padding: 5px 11px; border: 1px solid #c5ccd8; background: #fff; border-radius: 6px; cursor: pointer; color: #1d2330; text-decoration: none; display: inline-block; }
  button:hover, .btn:hover { background: #eef1f6; }
  button.primary { background: #2b6cb0; border-color: #2b6cb0; color: #fff; }
  button.danger { background: #c53030; border-color: #c53030; color: #fff; }
  button[aria-pressed='true'] { background: #1d2330; color: #fff; border-color: #1d2330; }
  input, select { font: inherit; font-size: 13px; padding: 4px 8px; border: 1px solid #c5ccd8; border-radius: 6px; background: #fff; }
  table { border-collapse: collapse; width: 100%; font-size: 13px; }
  th { text-align: left; font-weight: 600; color: #4a5568; border-bottom: 2px solid #dde2ea; padding: 6px 8px; position: sticky; top: 0; background: #fff; }
  td { border-bottom: 1px solid #edf0f4; padding: 5px 8px; vertical-align: top; }
  tr.clickable { cursor: pointer; }
  tr.clickable:hover td { background: #f3f6fb; }
  .badge { display: inline-block; padding: 1px 8px; border-radius: 10px; color: #fff; font-size: 12px; font-weight: 600; white-space: nowrap; }
  .muted { color: #718096; }
  .card { background: #fff; border: 1px solid #dde2ea; border-radius: 8px; padding: 12px 14px; }
  .row { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
  h2 { font-size: 18px; margin: 0 0 10px; }
  h3 { font-size: 15px; margin: 12px 0 6px; }
  code, pre { font-family: 'Liberation Mono', ui-monospace, monospace; font-size: 12px; }
  pre { background: #f7f8fa; border: 1px solid #e2e6ee; border-radius: 6px; padding: 8px; overflow: auto; margin: 4px 0; }
  .error { color: #c53030; }
`;
