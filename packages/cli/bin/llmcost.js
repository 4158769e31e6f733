#!/usr/bin/env node
// The `llmcost` command: a file in git, not dist/bin.js itself, so that pnpm links the command in a fresh clone before
// anything is built (no "Failed to create bin" warning per workspace package at install).
import '../dist/bin.js';
