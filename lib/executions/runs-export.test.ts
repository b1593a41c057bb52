// CSV cells: quoting by RFC 4180, and cells a spreadsheet would run as formulas turned into text.
import assert from "node:assert/strict";
import test from "node:test";
import { csvCell } from "./runs-export";

test("cells a spreadsheet would take for a formula start with a quote", () => {
  for (const start of ["=", "+", "-", "@", "\t", "\r"])
    assert.equal(csvCell(`${start}1`).replace(/^"|"$/g, "")[0], "'");
  assert.equal(csvCell("=SUM(A1)"), "'=SUM(A1)");
  assert.equal(csvCell("-2"), "'-2");
  assert.equal(csvCell("a=b"), "a=b");
});

test("cells with commas, quotes, line breaks or edge spaces are quoted; null is empty", () => {
  assert.equal(csvCell('say "hi", then go'), '"say ""hi"", then go"');
  assert.equal(csvCell("two\nlines"), '"two\nlines"');
  assert.equal(csvCell(" padded "), '" padded "');
  assert.equal(csvCell("\tTab"), "'\tTab");
  assert.equal(csvCell(null), "");
  assert.equal(csvCell(42), "42");
});
