// The look rules live with the server's personalization module, which also uses them (outfit
// suggestions after a purchase); the mirror runs the same code in the browser.
export * from '../../../src/modules/personalization/complements.js';
