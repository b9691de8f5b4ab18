// The fault-injection suite: filled in by the chaos issue.
console.log("The fault-injection suite is not built yet.");
