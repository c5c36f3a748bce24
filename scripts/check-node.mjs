// Imported first by start.mjs: on an unsupported Node, one line says so, before anything
// loads a native module. No imports, on purpose. Mirrors `engines.node` of package.json.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major !== 22 || minor < 12) {
  console.error(`This project needs Node >=22.12.0 <23 (found ${process.versions.node}); run it through npm (npm start), which uses the Node 22 it installs, or install Node 22.`);
  process.exit(1);
}
