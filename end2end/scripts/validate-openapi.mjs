// Validates an OpenAPI document (a file path argument) against the OpenAPI schema and its
// semantic rules (unique operation ids, resolvable $refs, path parameters declared), with
// @apidevtools/swagger-parser. Exits non-zero on any error. Used by server/tests/api_v1.rs.
import SwaggerParser from "@apidevtools/swagger-parser";

const file = process.argv[2];
if (!file) {
  console.error("usage: node validate-openapi.mjs <openapi.json>");
  process.exit(2);
}
try {
  const api = await SwaggerParser.validate(file);
  console.log(`valid: ${api.info.title} ${api.info.version} (OpenAPI ${api.openapi})`);
} catch (err) {
  console.error(`invalid OpenAPI document ${file}: ${err.message}`);
  process.exit(1);
}
