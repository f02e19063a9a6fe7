/** Names and home towns for generated customers: common French names, real towns and postcodes. */

export const FEMALE_FIRST_NAMES = [
  'Julie', 'Camille', 'Léa', 'Manon', 'Chloé', 'Emma', 'Inès', 'Sarah', 'Laura', 'Marie', 'Claire', 'Sophie', 'Pauline', 'Lucie', 'Anaïs',
  'Mathilde', 'Charlotte', 'Élodie', 'Céline', 'Aurélie', 'Nathalie', 'Isabelle', 'Sandrine', 'Valérie', 'Émilie', 'Margaux', 'Clara', 'Jade',
  'Louise', 'Alice', 'Lina', 'Zoé', 'Juliette', 'Océane', 'Marine', 'Audrey', 'Caroline', 'Hélène', 'Agathe', 'Elsa', 'Nina', 'Romane',
  'Amandine', 'Mélanie', 'Justine', 'Morgane', 'Yasmine', 'Fatou', 'Salomé', 'Héloïse', 'Capucine', 'Victoire', 'Solène', 'Maëlle', 'Nadia',
  'Christine', 'Sylvie', 'Patricia', 'Brigitte', 'Monique', 'Amira', 'Lou', 'Ambre', 'Rose', 'Anna', 'Eva', 'Mila', 'Noémie', 'Gaëlle',
];

export const MALE_FIRST_NAMES = [
  'Thomas', 'Nicolas', 'Julien', 'Maxime', 'Alexandre', 'Antoine', 'Lucas', 'Hugo', 'Louis', 'Paul', 'Arthur', 'Gabriel', 'Jules', 'Théo',
  'Mathieu', 'Romain', 'Kevin', 'Sébastien', 'Guillaume', 'Pierre', 'François', 'Olivier', 'Laurent', 'Stéphane', 'David', 'Karim', 'Mehdi',
  'Yanis', 'Adam', 'Raphaël', 'Léo', 'Nathan', 'Baptiste', 'Quentin', 'Benoît', 'Vincent', 'Clément', 'Florian', 'Damien', 'Jérôme',
];

export const LAST_NAMES = [
  'Martin', 'Bernard', 'Thomas', 'Petit', 'Robert', 'Richard', 'Durand', 'Dubois', 'Moreau', 'Laurent', 'Simon', 'Michel', 'Lefebvre', 'Leroy',
  'Roux', 'David', 'Bertrand', 'Morel', 'Fournier', 'Girard', 'Bonnet', 'Dupont', 'Lambert', 'Fontaine', 'Rousseau', 'Vincent', 'Muller',
  'Lefèvre', 'Faure', 'André', 'Mercier', 'Blanc', 'Guérin', 'Boyer', 'Garnier', 'Chevalier', 'François', 'Legrand', 'Gauthier', 'Garcia',
  'Perrin', 'Robin', 'Clément', 'Morin', 'Nicolas', 'Henry', 'Roussel', 'Mathieu', 'Gautier', 'Masson', 'Marchand', 'Duval', 'Denis',
  'Dumont', 'Marie', 'Lemaire', 'Noël', 'Meyer', 'Dufour', 'Meunier', 'Brun', 'Blanchard', 'Giraud', 'Joly', 'Rivière', 'Lucas', 'Brunet',
  'Gaillard', 'Barbier', 'Arnaud', 'Martinez', 'Gérard', 'Roche', 'Renard', 'Schmitt', 'Roy', 'Leroux', 'Colin', 'Vidal', 'Caron', 'Picard',
  'Roger', 'Fabre', 'Aubert', 'Lemoine', 'Renaud', 'Dumas', 'Lacroix', 'Olivier', 'Philippe', 'Bourgeois', 'Pierre', 'Benoît', 'Rey',
  'Leclerc', 'Payet', 'Hoarau', 'Grondin', 'Benali', 'Haddad', 'Nguyen', 'Diallo', 'Da Silva', 'Ferreira', 'Le Gall', 'Le Goff', 'Kerjean',
];

/** The few customers who chose English: visitors and expatriates. */
export const ENGLISH_FIRST_NAMES = ['Emily', 'Olivia', 'Grace', 'Hannah', 'Charlotte', 'James', 'Oliver', 'Jack', 'Harry', 'William'];
export const ENGLISH_LAST_NAMES = ['Smith', 'Jones', 'Taylor', 'Brown', 'Wilson', 'Evans', 'Walker', 'Wright', 'Robinson', 'Hughes'];

export interface HomeTown {
  city: string;
  postalCode: string;
  /** The store slug customers from here shop at (their nearest). */
  store: string;
  /** Relative share of customers. */
  weight: number;
}

/** Store cities and their suburbs; Paris arrondissements share the Paris stores. */
export const HOME_TOWNS: readonly HomeTown[] = [
  { city: 'Paris', postalCode: '75009', store: 'parisopera', weight: 30 },
  { city: 'Paris', postalCode: '75011', store: 'parismarais', weight: 30 },
  { city: 'Paris', postalCode: '75001', store: 'parisrivoli', weight: 15 },
  { city: 'Paris', postalCode: '75006', store: 'parissaintgermain', weight: 20 },
  { city: 'Paris', postalCode: '75015', store: 'parisbeaugrenelle', weight: 30 },
  { city: 'Paris', postalCode: '75017', store: 'parisopera', weight: 20 },
  { city: 'Paris', postalCode: '75020', store: 'parismarais', weight: 20 },
  { city: 'Boulogne-Billancourt', postalCode: '92100', store: 'parisbeaugrenelle', weight: 15 },
  { city: 'Courbevoie', postalCode: '92400', store: 'ladefense', weight: 12 },
  { city: 'Nanterre', postalCode: '92000', store: 'ladefense', weight: 10 },
  { city: 'Montreuil', postalCode: '93100', store: 'parismarais', weight: 10 },
  { city: 'Vincennes', postalCode: '94300', store: 'parismarais', weight: 6 },
  { city: 'Lyon', postalCode: '69003', store: 'lyonpartdieu', weight: 25 },
  { city: 'Lyon', postalCode: '69002', store: 'lyonrepublique', weight: 15 },
  { city: 'Lyon', postalCode: '69006', store: 'lyonpartdieu', weight: 15 },
  { city: 'Lyon', postalCode: '69007', store: 'lyonrepublique', weight: 12 },
  { city: 'Villeurbanne', postalCode: '69100', store: 'lyonpartdieu', weight: 12 },
  { city: 'Marseille', postalCode: '13001', store: 'marseillesaintferreol', weight: 18 },
  { city: 'Marseille', postalCode: '13008', store: 'marseillesaintferreol', weight: 14 },
  { city: 'Marseille', postalCode: '13002', store: 'marseilleterrasses', weight: 12 },
  { city: 'Aix-en-Provence', postalCode: '13100', store: 'aixenprovence', weight: 10 },
  { city: 'Bordeaux', postalCode: '33000', store: 'bordeaux', weight: 22 },
  { city: 'Mérignac', postalCode: '33700', store: 'bordeaux', weight: 6 },
  { city: 'Toulouse', postalCode: '31000', store: 'toulouse', weight: 25 },
  { city: 'Nice', postalCode: '06000', store: 'nice', weight: 18 },
  { city: 'Nantes', postalCode: '44000', store: 'nantes', weight: 18 },
  { city: 'Strasbourg', postalCode: '67000', store: 'strasbourg', weight: 16 },
  { city: 'Lille', postalCode: '59000', store: 'lille', weight: 18 },
  { city: 'Roubaix', postalCode: '59100', store: 'lille', weight: 5 },
  { city: 'Rennes', postalCode: '35000', store: 'rennes', weight: 14 },
  { city: 'Montpellier', postalCode: '34000', store: 'montpellier', weight: 16 },
  { city: 'Grenoble', postalCode: '38000', store: 'grenoble', weight: 10 },
  { city: 'Dijon', postalCode: '21000', store: 'dijon', weight: 8 },
  { city: 'Tours', postalCode: '37000', store: 'tours', weight: 8 },
  { city: 'Rouen', postalCode: '76000', store: 'rouen', weight: 8 },
  { city: 'Reims', postalCode: '51100', store: 'reims', weight: 8 },
  { city: 'Clermont-Ferrand', postalCode: '63000', store: 'clermontferrand', weight: 8 },
  { city: 'Annecy', postalCode: '74000', store: 'annecy', weight: 6 },
  { city: 'La Rochelle', postalCode: '17000', store: 'larochelle', weight: 5 },
  { city: 'Metz', postalCode: '57000', store: 'metz', weight: 7 },
  { city: 'Biarritz', postalCode: '64200', store: 'biarritz', weight: 4 },
  { city: 'Bayonne', postalCode: '64100', store: 'biarritz', weight: 4 },
  { city: 'Caen', postalCode: '14000', store: 'caen', weight: 7 },
  { city: 'Angers', postalCode: '49000', store: 'angers', weight: 7 },
  { city: 'Saint-Denis', postalCode: '97400', store: 'saintdenisreunion', weight: 6 },
  { city: 'Saint-Paul', postalCode: '97460', store: 'saintdenisreunion', weight: 3 },
];

/** Customers far from any store: they shop online, and name their nearest store only sometimes. */
export const REMOTE_TOWNS: readonly HomeTown[] = [
  { city: 'Limoges', postalCode: '87000', store: 'tours', weight: 5 },
  { city: 'Brest', postalCode: '29200', store: 'rennes', weight: 5 },
  { city: 'Perpignan', postalCode: '66000', store: 'montpellier', weight: 5 },
  { city: 'Besançon', postalCode: '25000', store: 'dijon', weight: 4 },
  { city: 'Poitiers', postalCode: '86000', store: 'tours', weight: 4 },
  { city: 'Pau', postalCode: '64000', store: 'biarritz', weight: 4 },
  { city: 'Amiens', postalCode: '80000', store: 'lille', weight: 4 },
  { city: 'Nancy', postalCode: '54000', store: 'metz', weight: 5 },
  { city: 'Avignon', postalCode: '84000', store: 'aixenprovence', weight: 4 },
  { city: 'Le Mans', postalCode: '72000', store: 'angers', weight: 4 },
];
