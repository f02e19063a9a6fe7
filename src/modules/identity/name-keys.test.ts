import assert from 'node:assert/strict';
import { test } from 'node:test';
import { foldedWords, nameKey, nameKeyEnds, traitSearchKey } from './name-keys.js';

test('a name is compared without case, accents, ligatures or punctuation', () => {
  assert.equal(nameKey('Hélène'), 'helene');
  assert.equal(nameKey('HÉLÈNE'), 'helene');
  assert.equal(nameKey('  Jean-Pierre  '), 'jean pierre');
  assert.equal(nameKey("Marie-Hélène  d'Œuf"), 'marie helene d oeuf');
  assert.equal(nameKey('Lætitia Ç.'), 'laetitia c');
  assert.equal(nameKey('Søren Straße'), 'soren strasse');
  assert.equal(nameKey('José María Núñez'), 'jose maria nunez');
  assert.equal(nameKey('--'), '');
});

test('only name traits holding text get a search key', () => {
  assert.equal(traitSearchKey('firstName', JSON.stringify('Chloé')), 'chloe');
  assert.equal(traitSearchKey('lastName', JSON.stringify('Le Gall')), 'le gall');
  assert.equal(traitSearchKey('name', JSON.stringify('Chloé Carré')), 'chloe carre');
  assert.equal(traitSearchKey('city', JSON.stringify('Lyon')), null);
  assert.equal(traitSearchKey('firstName', JSON.stringify(42)), null);
  assert.equal(traitSearchKey('firstName', JSON.stringify(' - ')), null);
  assert.equal(traitSearchKey('firstName', 'not json'), null);
});

test('a name key is searched from each of its words on', () => {
  assert.deepEqual(nameKeyEnds('jean pierre de la fontaine'), ['jean pierre de la fontaine', 'pierre de la fontaine', 'de la fontaine', 'la fontaine', 'fontaine']);
  assert.deepEqual(nameKeyEnds('helene lefevre'), ['helene lefevre', 'lefevre']);
  assert.deepEqual(nameKeyEnds('martin'), ['martin']);
});

test('a text splits into its folded words, however long', () => {
  assert.deepEqual(foldedWords('  Où trouver une JUPE noire, en 38 ?'), ['ou', 'trouver', 'une', 'jupe', 'noire', 'en', '38']);
  assert.deepEqual(foldedWords('Cœur'), ['coeur']);
  assert.deepEqual(foldedWords(' ?! '), []);
  assert.equal(foldedWords(`${'mot '.repeat(60)}jupe`).at(-1), 'jupe');
});
