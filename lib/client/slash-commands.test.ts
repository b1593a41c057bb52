// The chat's `/` commands: when the list opens, how matches rank, the ghost text and the argument hint.

import assert from "node:assert/strict";
import test from "node:test";
import {
  acceptedText,
  ghostSuffix,
  pendingArgumentHint,
  rankCommands,
  type SlashCommand,
  slashQuery,
} from "./slash-commands";

const command = (name: string, argumentHint: string | null = null): SlashCommand => ({
  name,
  description: `${name} skill`,
  argumentHint,
});
const COMMANDS = [
  command("standup-summary", "[team]"),
  command("release-notes", "[from] [to]"),
  command("research-brief", "<topic>"),
  command("code-review"),
  command("notes"),
];
const names = (list: SlashCommand[]) => list.map((c) => c.name);

test("the list opens only for a slash followed by a partial name", () => {
  assert.equal(slashQuery("/"), "");
  assert.equal(slashQuery("/Rel"), "rel");
  assert.equal(slashQuery("/release-notes"), "release-notes");
  assert.equal(slashQuery("/release-notes "), null, "a space ends the name: arguments follow");
  assert.equal(slashQuery("hello /rel"), null, "only at the start of the message");
  assert.equal(slashQuery(" /rel"), null);
  assert.equal(slashQuery("//"), null);
  assert.equal(slashQuery("/a/b"), null);
  assert.equal(slashQuery(""), null);
  assert.equal(slashQuery("/rel\nmore"), null);
});

test("prefix matches come before substring matches, each alphabetical", () => {
  assert.deepEqual(names(rankCommands(COMMANDS, "notes")), ["notes", "release-notes"]);
  assert.deepEqual(names(rankCommands(COMMANDS, "re")), ["release-notes", "research-brief", "code-review"]);
  assert.deepEqual(names(rankCommands(COMMANDS, "r")), [
    "release-notes",
    "research-brief",
    "code-review",
    "standup-summary",
  ]);
  assert.deepEqual(names(rankCommands(COMMANDS, "RES")), ["research-brief"], "case does not matter");
  assert.deepEqual(names(rankCommands(COMMANDS, "zzz")), []);
});

test("an empty query lists every command alphabetically, up to the limit", () => {
  assert.deepEqual(names(rankCommands(COMMANDS, "")), [
    "code-review",
    "notes",
    "release-notes",
    "research-brief",
    "standup-summary",
  ]);
  assert.deepEqual(names(rankCommands(COMMANDS, "", 2)), ["code-review", "notes"]);
  const many = Array.from({ length: 20 }, (_, i) => command(`skill-${String(i).padStart(2, "0")}`));
  assert.equal(rankCommands(many, "skill").length, 8);
});

test("the ghost text completes a prefix match and nothing else", () => {
  assert.equal(ghostSuffix("release-notes", "rel"), "ease-notes");
  assert.equal(ghostSuffix("release-notes", "REL"), "ease-notes");
  assert.equal(ghostSuffix("release-notes", ""), "release-notes");
  assert.equal(ghostSuffix("release-notes", "release-notes"), "");
  assert.equal(ghostSuffix("release-notes", "notes"), "", "a substring match has no inline completion");
});

test("the argument hint follows an accepted command until arguments are typed", () => {
  assert.equal(acceptedText("release-notes"), "/release-notes ");
  assert.equal(pendingArgumentHint("/release-notes ", COMMANDS), "[from] [to]");
  assert.equal(pendingArgumentHint("/release-notes   ", COMMANDS), "[from] [to]");
  assert.equal(pendingArgumentHint("/release-notes v1", COMMANDS), null);
  assert.equal(pendingArgumentHint("/release-notes", COMMANDS), null);
  assert.equal(pendingArgumentHint("/code-review ", COMMANDS), null, "no hint declared");
  assert.equal(pendingArgumentHint("/unknown ", COMMANDS), null);
  assert.equal(pendingArgumentHint("say /release-notes ", COMMANDS), null);
});
