/**
 * Imported first by every command-line entry point (npm run import, token, report, ...): turns off the
 * AWS SDK's "NodeVersionSupportWarning", which every SDK client prints on construction under Node < 22.
 * The project's engine is Node 22 (package.json), where the SDK says nothing; on an older Node the
 * warning would sit on stderr in front of the very error lists and reports the commands print, and
 * `engines` already says what it says. A variable set by the user wins. Child processes (bench, tests
 * that spawn a CLI) inherit it. The Lambda functions run nodejs22.x and never load this.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
