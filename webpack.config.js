/**
 * Builds the Grant Planner add-in: the task pane (React) and the ribbon function file.
 *
 *   npm run build  -> dist/taskpane.html, dist/commands.html, dist/manifest.xml, dist/assets/*.png
 *   npm start      -> https://localhost:3000 (webpack-dev-server's own self-signed certificate,
 *                     or the office-addin-dev-certs ones when they are installed)
 *
 * Both pages load office.js from Microsoft's CDN with a plain script tag before the bundle,
 * as Office requires. The pane must stay small: the .xlsx host (exceljs) is only ever
 * reached through a dynamic import, so it lands in its own async chunk, and so do every tab
 * but Plan, the offers under findings and set-up (src/taskpane/parts.tsx). The browser tests
 * hold taskpane.html's own scripts to a budget (EXCEL_PANE_BUDGET_GZIP, test/e2e/harness.ts).
 */
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const HtmlWebpackPlugin = require("html-webpack-plugin");
const CopyWebpackPlugin = require("copy-webpack-plugin");

const DEV_SERVER_PORT = 3000;

/**
 * Certificates made by `npx office-addin-dev-certs install` (trusted by the operating
 * system, which desktop Excel needs). Without them the dev server uses its own
 * self-signed certificate, which a browser can be told to accept once (Excel on the web).
 */
function devServerHttps() {
  const folder = path.join(os.homedir(), ".office-addin-dev-certs");
  const files = { key: "localhost.key", cert: "localhost.crt", ca: "ca.crt" };
  const found = Object.values(files).every((name) => fs.existsSync(path.join(folder, name)));
  if (!found) return "https";
  const read = (name) => fs.readFileSync(path.join(folder, name));
  return { type: "https", options: { key: read(files.key), cert: read(files.cert), ca: read(files.ca) } };
}

/** swc options shared by .ts and .tsx: TypeScript syntax, automatic JSX runtime. */
function swcOptions(isDevelopment, tsx) {
  return {
    jsc: {
      parser: { syntax: "typescript", tsx },
      target: "es2020",
      transform: tsx ? { react: { runtime: "automatic", development: isDevelopment } } : undefined,
    },
    sourceMaps: isDevelopment,
  };
}

module.exports = (_env, argv) => {
  const isDevelopment = argv.mode !== "production";

  return {
    mode: isDevelopment ? "development" : "production",
    devtool: isDevelopment ? "source-map" : false,
    entry: {
      taskpane: "./src/taskpane/index.tsx",
      commands: "./src/commands/commands.ts",
    },
    output: {
      path: path.resolve(__dirname, "dist"),
      filename: isDevelopment ? "[name].js" : "[name].[contenthash:8].js",
      chunkFilename: isDevelopment ? "[name].chunk.js" : "[name].[contenthash:8].chunk.js",
      publicPath: "auto",
      clean: true,
    },
    resolve: {
      extensions: [".ts", ".tsx", ".js", ".mjs", ".json"],
    },
    module: {
      rules: [
        {
          test: /\.ts$/,
          exclude: /node_modules/,
          use: { loader: "swc-loader", options: swcOptions(isDevelopment, false) },
        },
        {
          test: /\.tsx$/,
          exclude: /node_modules/,
          use: { loader: "swc-loader", options: swcOptions(isDevelopment, true) },
        },
      ],
    },
    optimization: {
      // The pane's libraries (React, Fluent UI) go into their own long-cached vendor chunk;
      // the ribbon function file stays a single small script. html-webpack-plugin adds
      // every initial chunk an entry needs to its page; lazily loaded code (file mode)
      // gets async chunks of its own.
      splitChunks: {
        cacheGroups: {
          vendor: {
            test: /[\\/]node_modules[\\/]/,
            chunks: (chunk) => chunk.name === "taskpane",
            name: "vendor",
            priority: 10,
          },
          // File mode's .xlsx library (exceljs's prebuilt browser build, from its package.json
          // "browser" field): one async chunk of its own, fetched only outside Office.
          exceljs: {
            test: /[\\/]node_modules[\\/]exceljs[\\/]/,
            chunks: "async",
            name: "exceljs",
            priority: 20,
            enforce: true,
          },
        },
      },
    },
    plugins: [
      new HtmlWebpackPlugin({
        filename: "taskpane.html",
        template: "./src/taskpane/taskpane.html",
        chunks: ["taskpane"],
      }),
      new HtmlWebpackPlugin({
        filename: "commands.html",
        template: "./src/commands/commands.html",
        chunks: ["commands"],
      }),
      new CopyWebpackPlugin({
        patterns: [
          { from: "manifest.xml", to: "manifest.xml" },
          { from: "assets/*.png", to: "assets/[name][ext]" },
        ],
      }),
    ],
    performance: {
      hints: isDevelopment ? false : "warning",
      maxEntrypointSize: 700 * 1024,
      maxAssetSize: 700 * 1024,
      // exceljs is large, but only file mode loads it, once, after the pane is on screen.
      assetFilter: (asset) => asset.endsWith(".js") && !asset.startsWith("exceljs."),
    },
    // The dev server answers this machine only: it listens on localhost (never on every
    // interface), and sends no Access-Control-Allow-Origin header, so no other web page
    // can read what it serves. The pane and its function file share one origin and need none.
    devServer: {
      host: "localhost",
      port: DEV_SERVER_PORT,
      server: devServerHttps(),
      hot: true,
      client: { overlay: { errors: true, warnings: false } },
    },
  };
};
