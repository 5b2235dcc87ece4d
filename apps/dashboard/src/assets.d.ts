// esbuild bundles the stylesheet that main.ts imports into dashboard.css.
declare module '*.css';
