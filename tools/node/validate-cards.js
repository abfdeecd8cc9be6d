// Parses Adaptive Cards with Microsoft's own parser (npm "adaptivecards") and reports every problem.
// Input: a JSON array of cards on stdin. Output: a JSON array, one entry per card: the parser's
// errors and warnings ([] when the card is clean). Used by the tests; never at run time.
"use strict";
const AC = require("adaptivecards/dist/adaptivecards.js");

function problems(card) {
  const context = new AC.SerializationContext();
  context.targetVersion = AC.Versions.v1_5;
  const parsed = new AC.AdaptiveCard();
  parsed.parse(card, context);
  const found = [];
  for (let i = 0; i < context.eventCount; i++) {
    const event = context.getEventAt(i);
    found.push({ phase: AC.ValidationPhase[event.phase], event: AC.ValidationEvent[event.event], message: event.message });
  }
  for (const event of parsed.validateProperties().validationEvents) {
    found.push({ phase: "validate", event: AC.ValidationEvent[event.event], message: event.message });
  }
  return found;
}

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", chunk => (input += chunk));
process.stdin.on("end", () => {
  const cards = JSON.parse(input);
  process.stdout.write(JSON.stringify(cards.map(problems)));
});
