#!/usr/bin/env node
// Validates SARIF files against the official SARIF 2.1.0 JSON schema (the copy shipped in
// @microsoft/sarif-multitool-linux, installed by `scripts/bootstrap --test` into tests/tools/node_modules).
//
//   node tests/tools/validate-sarif.mjs FILE...
//
// Prints "FILE: valid" per valid file; prints every schema error of an invalid file. Exits 1 when any file is
// invalid, unreadable or not JSON (or when no file is given), 0 otherwise.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const here = dirname(fileURLToPath(import.meta.url));
const schemaPath = join(here, 'node_modules', '@microsoft', 'sarif-multitool-linux', 'sarif-2.1.0.json');

function fail(message) {
  console.error(message);
  process.exit(1);
}

const files = process.argv.slice(2);
if (files.length === 0) fail('usage: node tests/tools/validate-sarif.mjs FILE...');

let schema;
try {
  schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
} catch (error) {
  fail(`cannot load the SARIF schema ${schemaPath}: ${error.message} (run scripts/bootstrap --test)`);
}

// strict: false because the schema uses keywords ajv's strict mode rejects; it does not weaken validation.
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);

let failed = false;
for (const file of files) {
  let document;
  try {
    document = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    console.error(`${file}: not valid JSON: ${error.message}`);
    failed = true;
    continue;
  }
  if (validate(document)) {
    console.log(`${file}: valid`);
    continue;
  }
  failed = true;
  console.error(`${file}: ${validate.errors.length} schema error(s)`);
  for (const error of validate.errors) {
    console.error(`  ${error.instancePath || '/'}: ${error.message} ${JSON.stringify(error.params)}`);
  }
}
process.exit(failed ? 1 : 0);
