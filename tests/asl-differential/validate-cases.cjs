// Validates ASL definitions with asl-validator 4 (the reference validator).
// Usage: node validate-cases.cjs <tools-dir> <case.json>...   Prints {"<case name>": {isValid, errors}} as JSON.
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const { createRequire } = require('node:module');

const [toolsDir, ...casePaths] = process.argv.slice(2);
const toolsRequire = createRequire(path.join(path.resolve(toolsDir), 'package.json'));
const validator = toolsRequire('asl-validator');
const validate = validator.default ?? validator;

const results = {};
for (const file of casePaths) {
  const testCase = JSON.parse(fs.readFileSync(file, 'utf8'));
  const { isValid, errors } = validate(testCase.definition);
  results[path.basename(file, '.json')] = { isValid, errors: (errors ?? []).map((e) => e.message ?? String(e)) };
}
process.stdout.write(JSON.stringify(results));
