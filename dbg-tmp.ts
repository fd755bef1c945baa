import { openApplication } from './src/application.js';
import { loadConfig } from './src/core/config.js';
import { silentLogger } from './src/core/logger.js';
const app = openApplication(loadConfig(), { logger: silentLogger() });
const [q, ...labels] = process.argv.slice(2);
const r = await app.retriever.retrieve({ query: q!, k: 60 });
r.forEach((x, i) => { if (labels.some((l) => x.passage.sectionLabel === l) || i < 5) console.log(i + 1, x.passage.label, `L${x.lexicalRank ?? '-'} V${x.vectorRank ?? '-'} ${x.score.toFixed(2)} lex=${x.lexicalScore?.toFixed(1)} sim=${x.vectorSimilarity?.toFixed(2)}`); });
app.close();
