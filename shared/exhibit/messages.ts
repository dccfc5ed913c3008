/**
 * Every text printed on an exhibit or written into an export, in the four languages an exhibit
 * can be made in (Belgian courts work in Dutch, French and German; English for the rest). Kept
 * apart from the UI catalogue: an exhibit's language is chosen per exhibit, and these texts are
 * read in court, so each is reviewed as a statement, not a label.
 *
 * `{name}` placeholders are filled by `exhibitText`; callers format numbers, times and units with
 * shared/exhibit/format.ts first, so a value reads the same everywhere on the exhibit.
 */
import type { Locale } from '../i18n';
import type { SourceKind } from '../model';
import type { StopOrigin } from '../timeline/types';

const en = {
  'exhibit.title': 'Route reconstruction',
  'exhibit.caseReference': 'Case reference',
  'exhibit.exhibitNumber': 'Exhibit',
  'exhibit.author': 'Prepared by',
  'exhibit.generatedAt': 'Generated',
  'exhibit.software': 'Software',
  'exhibit.page': 'Page {page} of {pages}',
  'exhibit.timesIn': 'All times are in {zone}.',
  'exhibit.period': 'Period',
  'exhibit.schematicNote':
    'Straight lines between stops are schematic: they join the stops in time order and are not the road taken.',
  'exhibit.placeNote':
    'Place names are the nearest settlement in an offline gazetteer (GeoNames); they are approximate.',
  'exhibit.manifestNote':
    'A reproducibility manifest ({file}) is attached: `itinera exhibit verify` re-derives the stops from the evidence files and reports any difference.',
  'exhibit.digest': 'Result digest (SHA-256)',
  'exhibit.continued': 'continued',
  'exhibit.mapAlt': 'Map of the route and the numbered stops',
  'stops.heading': 'Stops',
  'stops.n': 'No.',
  'stops.arrival': 'Arrival',
  'stops.departure': 'Departure',
  'stops.duration': 'Duration',
  'stops.place': 'Place (approx.)',
  'stops.coordinates': 'Coordinates (lat, lon)',
  'stops.sources': 'Supporting sources',
  'stops.fromPrevious': 'From previous stop',
  'stops.straightLine': '{distance} straight line, {duration}',
  'stops.none': 'No stops in the selection.',
  'stops.label': 'Label',
  'stops.note': 'Note',
  'legend.heading': 'Legend',
  'legend.route': 'Route: {source}',
  'legend.stop': 'Numbered stop',
  'legend.photo': 'Photo',
  'legend.event': 'Recorded event',
  'legend.leg': 'Schematic leg (straight line, not the road taken)',
  'legend.accuracy': 'Position accuracy',
  'legend.testimony': 'Place named in testimony',
  'map.north': 'N',
  'map.scale': 'Scale',
  'map.attribution': 'Basemap',
  'method.heading': 'Method',
  'method.stops': '{source}: a stop is a stay of at least {duration} within {radius} of one point.',
  'method.clock': '{source}: times corrected by {offset}.',
  'method.assumedZone': '{source}: local times without a zone are taken as {zone}.',
  'method.gap': 'A silence of more than {duration} between two fixes is a gap.',
  'method.merge':
    'Stops of different sources within {distance} of each other at the same time are one stop.',
  'method.conflict':
    'Two observations implying a speed above {speed} cannot both be true; such conflicts are shown, not resolved.',
  'method.edits': 'Examiner edits applied to the derived stops: {count}.',
  'method.camera': 'Camera {camera}: clock corrected by {offset}, time trusted: {trust}.',
  'evidence.heading': 'Evidence files',
  'evidence.name': 'File',
  'evidence.size': 'Size',
  'evidence.sha256': 'SHA-256',
  'evidence.source': 'Source',
  'schematic.title': 'Schematic route',
  'schematic.subtitle': 'Stops in time order; distances are straight lines, not the road taken.',
  'schematic.arrival': 'arr.',
  'schematic.departure': 'dep.',
  'schematic.stay': 'stay',
  'schematic.leg': '{distance} · {duration}',
  'photo.heading': 'Photo',
  'photo.taken': 'Taken',
  'photo.position.own': 'position from the photo',
  'photo.position.track': 'position inferred from another source’s track by time',
  'event.heading': 'Event',
  'kind.tracker': 'vehicle tracker',
  'kind.phone': 'phone location history',
  'kind.photos': 'photos',
  'kind.cell': 'call detail records',
  'kind.testimony': 'testimony',
  'kind.track': 'GPS track',
  'origin.detected': 'stay detected in fixes',
  'origin.silence': 'silence beginning and ending at the same place',
  'origin.reported': 'stop reported by the source',
  'origin.ignition': 'ignition off and on',
  'origin.photos': 'photos taken there',
} as const;

export type ExhibitMessageKey = keyof typeof en;
export type ExhibitCatalogue = Readonly<Record<ExhibitMessageKey, string>>;

const nl: ExhibitCatalogue = {
  'exhibit.title': 'Reconstructie van de route',
  'exhibit.caseReference': 'Dossiernummer',
  'exhibit.exhibitNumber': 'Stuk',
  'exhibit.author': 'Opgesteld door',
  'exhibit.generatedAt': 'Aangemaakt',
  'exhibit.software': 'Software',
  'exhibit.page': 'Pagina {page} van {pages}',
  'exhibit.timesIn': 'Alle tijden in {zone}.',
  'exhibit.period': 'Periode',
  'exhibit.schematicNote':
    'Rechte lijnen tussen de stops zijn schematisch: ze verbinden de stops in tijdsvolgorde en zijn niet de gevolgde weg.',
  'exhibit.placeNote':
    'Plaatsnamen zijn de dichtstbijzijnde woonplaats in een offline gazetteer (GeoNames); ze zijn bij benadering.',
  'exhibit.manifestNote':
    'Een reproduceerbaarheidsmanifest ({file}) is bijgevoegd: `itinera exhibit verify` leidt de stops opnieuw af uit de bewijsbestanden en meldt elk verschil.',
  'exhibit.digest': 'Controlegetal resultaat (SHA-256)',
  'exhibit.continued': 'vervolg',
  'exhibit.mapAlt': 'Kaart van de route en de genummerde stops',
  'stops.heading': 'Stops',
  'stops.n': 'Nr.',
  'stops.arrival': 'Aankomst',
  'stops.departure': 'Vertrek',
  'stops.duration': 'Duur',
  'stops.place': 'Plaats (bij benadering)',
  'stops.coordinates': 'Coördinaten (br., lg.)',
  'stops.sources': 'Ondersteunende bronnen',
  'stops.fromPrevious': 'Vanaf vorige stop',
  'stops.straightLine': '{distance} in rechte lijn, {duration}',
  'stops.none': 'Geen stops in de selectie.',
  'stops.label': 'Benaming',
  'stops.note': 'Opmerking',
  'legend.heading': 'Legende',
  'legend.route': 'Route: {source}',
  'legend.stop': 'Genummerde stop',
  'legend.photo': 'Foto',
  'legend.event': 'Geregistreerde gebeurtenis',
  'legend.leg': 'Schematisch traject (rechte lijn, niet de gevolgde weg)',
  'legend.accuracy': 'Nauwkeurigheid van de positie',
  'legend.testimony': 'Plaats genoemd in verklaring',
  'map.north': 'N',
  'map.scale': 'Schaal',
  'map.attribution': 'Achtergrondkaart',
  'method.heading': 'Werkwijze',
  'method.stops':
    '{source}: een stop is een verblijf van minstens {duration} binnen {radius} van één punt.',
  'method.clock': '{source}: tijden gecorrigeerd met {offset}.',
  'method.assumedZone': '{source}: lokale tijden zonder tijdzone gelezen als {zone}.',
  'method.gap': 'Een stilte van meer dan {duration} tussen twee posities is een onderbreking.',
  'method.merge':
    'Stops van verschillende bronnen binnen {distance} van elkaar op hetzelfde moment zijn één stop.',
  'method.conflict':
    'Twee waarnemingen die een snelheid boven {speed} veronderstellen kunnen niet allebei juist zijn; zulke tegenstrijdigheden worden getoond, niet opgelost.',
  'method.edits': 'Wijzigingen door de onderzoeker aan de afgeleide stops: {count}.',
  'method.camera': 'Camera {camera}: klok gecorrigeerd met {offset}, vertrouwde tijd: {trust}.',
  'evidence.heading': 'Bewijsbestanden',
  'evidence.name': 'Bestand',
  'evidence.size': 'Grootte',
  'evidence.sha256': 'SHA-256',
  'evidence.source': 'Bron',
  'schematic.title': 'Schematische route',
  'schematic.subtitle':
    'Stops in tijdsvolgorde; afstanden zijn rechte lijnen, niet de gevolgde weg.',
  'schematic.arrival': 'aank.',
  'schematic.departure': 'vertr.',
  'schematic.stay': 'verblijf',
  'schematic.leg': '{distance} · {duration}',
  'photo.heading': 'Foto',
  'photo.taken': 'Genomen',
  'photo.position.own': 'positie uit de foto',
  'photo.position.track': 'positie afgeleid uit het spoor van een andere bron, op tijd',
  'event.heading': 'Gebeurtenis',
  'kind.tracker': 'voertuigtracker',
  'kind.phone': 'locatiegeschiedenis telefoon',
  'kind.photos': 'foto’s',
  'kind.cell': 'historische telefoniegegevens',
  'kind.testimony': 'verklaring',
  'kind.track': 'GPS-spoor',
  'origin.detected': 'verblijf vastgesteld in posities',
  'origin.silence': 'stilte die op dezelfde plaats begint en eindigt',
  'origin.reported': 'stop gemeld door de bron',
  'origin.ignition': 'contact uit en weer aan',
  'origin.photos': 'daar genomen foto’s',
};

const fr: ExhibitCatalogue = {
  'exhibit.title': 'Reconstitution de l’itinéraire',
  'exhibit.caseReference': 'Référence du dossier',
  'exhibit.exhibitNumber': 'Pièce',
  'exhibit.author': 'Établi par',
  'exhibit.generatedAt': 'Généré le',
  'exhibit.software': 'Logiciel',
  'exhibit.page': 'Page {page} sur {pages}',
  'exhibit.timesIn': 'Toutes les heures sont en {zone}.',
  'exhibit.period': 'Période',
  'exhibit.schematicNote':
    'Les lignes droites entre les arrêts sont schématiques : elles relient les arrêts dans l’ordre chronologique et ne sont pas la route suivie.',
  'exhibit.placeNote':
    'Les noms de lieux sont la localité la plus proche dans un répertoire géographique hors ligne (GeoNames) ; ils sont approximatifs.',
  'exhibit.manifestNote':
    'Un manifeste de reproductibilité ({file}) est joint : `itinera exhibit verify` recalcule les arrêts à partir des fichiers de preuve et signale toute différence.',
  'exhibit.digest': 'Empreinte du résultat (SHA-256)',
  'exhibit.continued': 'suite',
  'exhibit.mapAlt': 'Carte du trajet et des arrêts numérotés',
  'stops.heading': 'Arrêts',
  'stops.n': 'N°',
  'stops.arrival': 'Arrivée',
  'stops.departure': 'Départ',
  'stops.duration': 'Durée',
  'stops.place': 'Lieu (approx.)',
  'stops.coordinates': 'Coordonnées (lat., long.)',
  'stops.sources': 'Sources à l’appui',
  'stops.fromPrevious': 'Depuis l’arrêt précédent',
  'stops.straightLine': '{distance} à vol d’oiseau, {duration}',
  'stops.none': 'Aucun arrêt dans la sélection.',
  'stops.label': 'Libellé',
  'stops.note': 'Remarque',
  'legend.heading': 'Légende',
  'legend.route': 'Trajet : {source}',
  'legend.stop': 'Arrêt numéroté',
  'legend.photo': 'Photo',
  'legend.event': 'Événement enregistré',
  'legend.leg': 'Tronçon schématique (ligne droite, pas la route suivie)',
  'legend.accuracy': 'Précision de la position',
  'legend.testimony': 'Lieu cité dans une déclaration',
  'map.north': 'N',
  'map.scale': 'Échelle',
  'map.attribution': 'Fond de carte',
  'method.heading': 'Méthode',
  'method.stops':
    '{source} : un arrêt est un séjour d’au moins {duration} dans un rayon de {radius} autour d’un point.',
  'method.clock': '{source} : heures corrigées de {offset}.',
  'method.assumedZone': '{source} : les heures locales sans fuseau sont lues en {zone}.',
  'method.gap': 'Un silence de plus de {duration} entre deux positions est une interruption.',
  'method.merge':
    'Des arrêts de sources différentes à moins de {distance} l’un de l’autre au même moment forment un seul arrêt.',
  'method.conflict':
    'Deux observations impliquant une vitesse supérieure à {speed} ne peuvent être vraies toutes deux ; ces contradictions sont montrées, non résolues.',
  'method.edits': 'Modifications de l’enquêteur appliquées aux arrêts calculés : {count}.',
  'method.camera': 'Appareil {camera} : horloge corrigée de {offset}, heure retenue : {trust}.',
  'evidence.heading': 'Fichiers de preuve',
  'evidence.name': 'Fichier',
  'evidence.size': 'Taille',
  'evidence.sha256': 'SHA-256',
  'evidence.source': 'Source',
  'schematic.title': 'Itinéraire schématique',
  'schematic.subtitle':
    'Arrêts dans l’ordre chronologique ; les distances sont à vol d’oiseau, pas la route suivie.',
  'schematic.arrival': 'arr.',
  'schematic.departure': 'dép.',
  'schematic.stay': 'séjour',
  'schematic.leg': '{distance} · {duration}',
  'photo.heading': 'Photo',
  'photo.taken': 'Prise le',
  'photo.position.own': 'position issue de la photo',
  'photo.position.track': 'position déduite de la trace d’une autre source, par l’heure',
  'event.heading': 'Événement',
  'kind.tracker': 'traceur de véhicule',
  'kind.phone': 'historique de localisation du téléphone',
  'kind.photos': 'photos',
  'kind.cell': 'données de téléphonie (rétroactes)',
  'kind.testimony': 'déclaration',
  'kind.track': 'trace GPS',
  'origin.detected': 'séjour détecté dans les positions',
  'origin.silence': 'silence commençant et finissant au même endroit',
  'origin.reported': 'arrêt signalé par la source',
  'origin.ignition': 'contact coupé puis remis',
  'origin.photos': 'photos prises sur place',
};

const de: ExhibitCatalogue = {
  'exhibit.title': 'Rekonstruktion der Route',
  'exhibit.caseReference': 'Aktenzeichen',
  'exhibit.exhibitNumber': 'Beweisstück',
  'exhibit.author': 'Erstellt von',
  'exhibit.generatedAt': 'Erzeugt',
  'exhibit.software': 'Software',
  'exhibit.page': 'Seite {page} von {pages}',
  'exhibit.timesIn': 'Alle Zeiten in {zone}.',
  'exhibit.period': 'Zeitraum',
  'exhibit.schematicNote':
    'Gerade Linien zwischen den Halten sind schematisch: Sie verbinden die Halte in zeitlicher Reihenfolge und sind nicht der gefahrene Weg.',
  'exhibit.placeNote':
    'Ortsnamen sind der nächstgelegene Ort in einem Offline-Ortsverzeichnis (GeoNames); sie sind ungefähr.',
  'exhibit.manifestNote':
    'Ein Reproduzierbarkeitsmanifest ({file}) ist angehängt: `itinera exhibit verify` leitet die Halte aus den Beweisdateien neu ab und meldet jede Abweichung.',
  'exhibit.digest': 'Prüfsumme des Ergebnisses (SHA-256)',
  'exhibit.continued': 'Fortsetzung',
  'exhibit.mapAlt': 'Karte der Route und der nummerierten Halte',
  'stops.heading': 'Halte',
  'stops.n': 'Nr.',
  'stops.arrival': 'Ankunft',
  'stops.departure': 'Abfahrt',
  'stops.duration': 'Dauer',
  'stops.place': 'Ort (ungefähr)',
  'stops.coordinates': 'Koordinaten (Br., Lg.)',
  'stops.sources': 'Belegende Quellen',
  'stops.fromPrevious': 'Vom vorigen Halt',
  'stops.straightLine': '{distance} Luftlinie, {duration}',
  'stops.none': 'Keine Halte in der Auswahl.',
  'stops.label': 'Bezeichnung',
  'stops.note': 'Anmerkung',
  'legend.heading': 'Legende',
  'legend.route': 'Route: {source}',
  'legend.stop': 'Nummerierter Halt',
  'legend.photo': 'Foto',
  'legend.event': 'Aufgezeichnetes Ereignis',
  'legend.leg': 'Schematische Strecke (Luftlinie, nicht der gefahrene Weg)',
  'legend.accuracy': 'Positionsgenauigkeit',
  'legend.testimony': 'In einer Aussage genannter Ort',
  'map.north': 'N',
  'map.scale': 'Maßstab',
  'map.attribution': 'Hintergrundkarte',
  'method.heading': 'Methode',
  'method.stops':
    '{source}: Ein Halt ist ein Aufenthalt von mindestens {duration} innerhalb von {radius} um einen Punkt.',
  'method.clock': '{source}: Zeiten korrigiert um {offset}.',
  'method.assumedZone': '{source}: Ortszeiten ohne Zeitzone werden als {zone} gelesen.',
  'method.gap': 'Eine Funkstille von mehr als {duration} zwischen zwei Positionen ist eine Lücke.',
  'method.merge':
    'Halte verschiedener Quellen, die zur selben Zeit höchstens {distance} auseinanderliegen, sind ein Halt.',
  'method.conflict':
    'Zwei Beobachtungen, die eine Geschwindigkeit über {speed} voraussetzen, können nicht beide zutreffen; solche Widersprüche werden gezeigt, nicht aufgelöst.',
  'method.edits': 'Änderungen der Ermittler an den abgeleiteten Halten: {count}.',
  'method.camera': 'Kamera {camera}: Uhr korrigiert um {offset}, verwendete Zeit: {trust}.',
  'evidence.heading': 'Beweisdateien',
  'evidence.name': 'Datei',
  'evidence.size': 'Größe',
  'evidence.sha256': 'SHA-256',
  'evidence.source': 'Quelle',
  'schematic.title': 'Schematische Route',
  'schematic.subtitle':
    'Halte in zeitlicher Reihenfolge; Entfernungen sind Luftlinien, nicht der gefahrene Weg.',
  'schematic.arrival': 'Ank.',
  'schematic.departure': 'Abf.',
  'schematic.stay': 'Aufenthalt',
  'schematic.leg': '{distance} · {duration}',
  'photo.heading': 'Foto',
  'photo.taken': 'Aufgenommen',
  'photo.position.own': 'Position aus dem Foto',
  'photo.position.track': 'Position aus der Spur einer anderen Quelle nach der Zeit abgeleitet',
  'event.heading': 'Ereignis',
  'kind.tracker': 'Fahrzeugtracker',
  'kind.phone': 'Standortverlauf des Telefons',
  'kind.photos': 'Fotos',
  'kind.cell': 'Verkehrsdaten (Funkzellen)',
  'kind.testimony': 'Aussage',
  'kind.track': 'GPS-Spur',
  'origin.detected': 'Aufenthalt in den Positionen erkannt',
  'origin.silence': 'Funkstille, die am selben Ort beginnt und endet',
  'origin.reported': 'von der Quelle gemeldeter Halt',
  'origin.ignition': 'Zündung aus und wieder an',
  'origin.photos': 'dort aufgenommene Fotos',
};

export const EXHIBIT_CATALOGUES: Readonly<Record<Locale, ExhibitCatalogue>> = { en, nl, fr, de };

export type ExhibitTextParams = Readonly<Record<string, string | number>>;

/** The text of `key` in `locale`, placeholders filled; a placeholder without a value stays visible. */
export function exhibitText(
  locale: Locale,
  key: ExhibitMessageKey,
  params?: ExhibitTextParams,
): string {
  const text = (EXHIBIT_CATALOGUES[locale] ?? en)[key] ?? en[key];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

export function sourceKindText(locale: Locale, kind: SourceKind): string {
  return exhibitText(locale, `kind.${kind}`);
}

export function stopOriginText(locale: Locale, origin: StopOrigin): string {
  return exhibitText(locale, `origin.${origin}`);
}
