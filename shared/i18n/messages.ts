/**
 * The one message catalogue for every user-facing text (app, exhibits, exports).
 * English is the reference: its keys define `MessageKey`, and every other locale must
 * provide every key (the type checker and a test both enforce it).
 *
 * A message is either a string with `{name}` placeholders or plural forms chosen by
 * `Intl.PluralRules` on the `count` parameter.
 */

export type PluralMessage = {
  readonly one: string;
  readonly other: string;
  /** Used by locales whose plural rules select it (none of the current four). */
  readonly few?: string;
  readonly many?: string;
  readonly zero?: string;
  readonly two?: string;
};
export type Message = string | PluralMessage;

const en = {
  'app.name': 'Itinera',
  'app.tagline': 'Route reconstruction from location evidence',
  'bridge.missing': 'The application bridge is not available; this page must run inside Itinera.',

  'topbar.open': 'Open evidence…',
  'topbar.importing': 'Importing…',
  'topbar.language': 'Language',
  'topbar.displayZone': 'Display zone',
  'topbar.systemZone': '{zone} (this computer)',

  'drop.overlay': 'Drop evidence files to import',
  'drop.unreadable':
    'The dropped file “{name}” could not be read in this host. Use “Open evidence…” instead.',

  'sources.title': 'Evidence sources',
  'sources.empty': 'No evidence loaded. Open or drop evidence files to begin.',
  'sources.loading': 'Reading evidence…',
  'sources.demo.title': 'Demo case',
  'sources.demo.body':
    'Bundled example evidence, shown so the map is not empty. Open your own files to start a case.',
  'sources.count': { one: '{count} source', other: '{count} sources' },

  'source.routeColour': 'Route colour',
  'source.size': 'Size',
  'source.sha256': 'SHA-256',
  'source.copy': 'Copy',
  'source.copied': 'Copied',
  'source.copyHash': 'Copy the full SHA-256 to the clipboard',
  'source.format': 'Format',
  'source.points': 'Points',
  'source.tracks': 'Tracks',
  'source.waypoints': 'Waypoints',
  'source.first': 'First fix',
  'source.last': 'Last fix',
  'source.noTime': 'no time recorded',
  'source.timeUtc': 'UTC',
  'source.timeZoned': 'Display zone',
  'source.files': { one: '{count} file', other: '{count} files' },
  'notice.dismiss': 'Dismiss',
  'sources.hidePanel': 'Hide the sources panel',
  'sources.showPanel': 'Show the sources panel',

  'issues.count': { one: '{count} issue', other: '{count} issues' },
  'issues.none': 'No issues',
  'issues.show': 'Show issues',
  'issues.hide': 'Hide issues',
  'issues.more': { one: '{count} more issue not shown', other: '{count} more issues not shown' },
  'issues.location.lineColumn': 'line {line}:{column}',
  'issues.location.line': 'line {line}',
  'issues.location.record': 'record {record}',
  'issues.location.offset': 'byte {offset}',
  'severity.error': 'Error',
  'severity.warning': 'Warning',
  'severity.info': 'Note',

  'import.failed': 'Could not import this file',
  'import.failedCode': 'Reason code: {code}',
  'import.unexpected': 'The import failed: {message}',

  'map.label': 'Map',
  'map.basemapMissing': 'No basemap is available; routes are drawn without a background map.',
  'map.basemapError': 'The basemap could not be read: {message}',
} as const satisfies Record<string, Message>;

export type MessageKey = keyof typeof en;
export type Catalogue = { readonly [K in MessageKey]: Message };

const nl: Catalogue = {
  'app.name': 'Itinera',
  'app.tagline': 'Reconstructie van routes uit locatiegegevens',
  'bridge.missing':
    'De koppeling met de toepassing ontbreekt; deze pagina moet binnen Itinera draaien.',

  'topbar.open': 'Bewijsmateriaal openen…',
  'topbar.importing': 'Bezig met importeren…',
  'topbar.language': 'Taal',
  'topbar.displayZone': 'Weergavezone',
  'topbar.systemZone': '{zone} (deze computer)',

  'drop.overlay': 'Zet bewijsbestanden hier neer om ze te importeren',
  'drop.unreadable':
    'Het neergezette bestand “{name}” kan in deze omgeving niet worden gelezen. Gebruik “Bewijsmateriaal openen…”.',

  'sources.title': 'Bronnen',
  'sources.empty': 'Geen bewijsmateriaal geladen. Open of sleep bewijsbestanden om te beginnen.',
  'sources.loading': 'Bewijsmateriaal wordt gelezen…',
  'sources.demo.title': 'Demodossier',
  'sources.demo.body':
    'Meegeleverd voorbeeldmateriaal, zodat de kaart niet leeg is. Open uw eigen bestanden om een dossier te starten.',
  'sources.count': { one: '{count} bron', other: '{count} bronnen' },

  'source.routeColour': 'Routekleur',
  'source.size': 'Grootte',
  'source.sha256': 'SHA-256',
  'source.copy': 'Kopiëren',
  'source.copied': 'Gekopieerd',
  'source.copyHash': 'De volledige SHA-256 naar het klembord kopiëren',
  'source.format': 'Formaat',
  'source.points': 'Punten',
  'source.tracks': 'Sporen',
  'source.waypoints': 'Routepunten',
  'source.first': 'Eerste positie',
  'source.last': 'Laatste positie',
  'source.noTime': 'geen tijd geregistreerd',
  'source.timeUtc': 'UTC',
  'source.timeZoned': 'Weergavezone',
  'source.files': { one: '{count} bestand', other: '{count} bestanden' },
  'notice.dismiss': 'Sluiten',
  'sources.hidePanel': 'Bronnenpaneel verbergen',
  'sources.showPanel': 'Bronnenpaneel tonen',

  'issues.count': { one: '{count} melding', other: '{count} meldingen' },
  'issues.none': 'Geen meldingen',
  'issues.show': 'Meldingen tonen',
  'issues.hide': 'Meldingen verbergen',
  'issues.more': {
    one: 'nog {count} melding niet getoond',
    other: 'nog {count} meldingen niet getoond',
  },
  'issues.location.lineColumn': 'regel {line}:{column}',
  'issues.location.line': 'regel {line}',
  'issues.location.record': 'record {record}',
  'issues.location.offset': 'byte {offset}',
  'severity.error': 'Fout',
  'severity.warning': 'Waarschuwing',
  'severity.info': 'Opmerking',

  'import.failed': 'Dit bestand kon niet worden geïmporteerd',
  'import.failedCode': 'Code van de oorzaak: {code}',
  'import.unexpected': 'Het importeren is mislukt: {message}',

  'map.label': 'Kaart',
  'map.basemapMissing':
    'Er is geen basiskaart beschikbaar; routes worden zonder achtergrondkaart getekend.',
  'map.basemapError': 'De basiskaart kon niet worden gelezen: {message}',
};

const fr: Catalogue = {
  'app.name': 'Itinera',
  'app.tagline': 'Reconstitution d’itinéraires à partir de données de localisation',
  'bridge.missing':
    'La liaison avec l’application est absente ; cette page doit être ouverte dans Itinera.',

  'topbar.open': 'Ouvrir des preuves…',
  'topbar.importing': 'Importation…',
  'topbar.language': 'Langue',
  'topbar.displayZone': 'Fuseau d’affichage',
  'topbar.systemZone': '{zone} (cet ordinateur)',

  'drop.overlay': 'Déposez les fichiers de preuve pour les importer',
  'drop.unreadable':
    'Le fichier déposé « {name} » ne peut pas être lu dans cet environnement. Utilisez « Ouvrir des preuves… ».',

  'sources.title': 'Sources de preuve',
  'sources.empty':
    'Aucune preuve chargée. Ouvrez ou déposez des fichiers de preuve pour commencer.',
  'sources.loading': 'Lecture des preuves…',
  'sources.demo.title': 'Dossier de démonstration',
  'sources.demo.body':
    'Exemple fourni avec l’application pour que la carte ne soit pas vide. Ouvrez vos propres fichiers pour commencer un dossier.',
  'sources.count': { one: '{count} source', other: '{count} sources' },

  'source.routeColour': 'Couleur de l’itinéraire',
  'source.size': 'Taille',
  'source.sha256': 'SHA-256',
  'source.copy': 'Copier',
  'source.copied': 'Copié',
  'source.copyHash': 'Copier le SHA-256 complet dans le presse-papiers',
  'source.format': 'Format',
  'source.points': 'Points',
  'source.tracks': 'Traces',
  'source.waypoints': 'Points de passage',
  'source.first': 'Première position',
  'source.last': 'Dernière position',
  'source.noTime': 'aucune heure enregistrée',
  'source.timeUtc': 'UTC',
  'source.timeZoned': 'Fuseau d’affichage',
  'source.files': { one: '{count} fichier', other: '{count} fichiers' },
  'notice.dismiss': 'Fermer',
  'sources.hidePanel': 'Masquer le panneau des sources',
  'sources.showPanel': 'Afficher le panneau des sources',

  'issues.count': { one: '{count} anomalie', other: '{count} anomalies' },
  'issues.none': 'Aucune anomalie',
  'issues.show': 'Afficher les anomalies',
  'issues.hide': 'Masquer les anomalies',
  'issues.more': {
    one: '{count} autre anomalie non affichée',
    other: '{count} autres anomalies non affichées',
  },
  'issues.location.lineColumn': 'ligne {line}:{column}',
  'issues.location.line': 'ligne {line}',
  'issues.location.record': 'enregistrement {record}',
  'issues.location.offset': 'octet {offset}',
  'severity.error': 'Erreur',
  'severity.warning': 'Avertissement',
  'severity.info': 'Remarque',

  'import.failed': 'Ce fichier n’a pas pu être importé',
  'import.failedCode': 'Code de la cause : {code}',
  'import.unexpected': 'L’importation a échoué : {message}',

  'map.label': 'Carte',
  'map.basemapMissing':
    'Aucun fond de carte n’est disponible ; les itinéraires sont tracés sans fond de carte.',
  'map.basemapError': 'Le fond de carte n’a pas pu être lu : {message}',
};

const de: Catalogue = {
  'app.name': 'Itinera',
  'app.tagline': 'Rekonstruktion von Routen aus Standortdaten',
  'bridge.missing':
    'Die Verbindung zur Anwendung fehlt; diese Seite muss innerhalb von Itinera laufen.',

  'topbar.open': 'Beweismittel öffnen…',
  'topbar.importing': 'Wird importiert…',
  'topbar.language': 'Sprache',
  'topbar.displayZone': 'Anzeigezeitzone',
  'topbar.systemZone': '{zone} (dieser Computer)',

  'drop.overlay': 'Beweisdateien zum Importieren hier ablegen',
  'drop.unreadable':
    'Die abgelegte Datei „{name}“ kann in dieser Umgebung nicht gelesen werden. Verwenden Sie „Beweismittel öffnen…“.',

  'sources.title': 'Beweisquellen',
  'sources.empty':
    'Keine Beweismittel geladen. Öffnen Sie Beweisdateien oder legen Sie sie hier ab.',
  'sources.loading': 'Beweismittel werden gelesen…',
  'sources.demo.title': 'Demofall',
  'sources.demo.body':
    'Mitgeliefertes Beispielmaterial, damit die Karte nicht leer ist. Öffnen Sie eigene Dateien, um einen Fall zu beginnen.',
  'sources.count': { one: '{count} Quelle', other: '{count} Quellen' },

  'source.routeColour': 'Routenfarbe',
  'source.size': 'Größe',
  'source.sha256': 'SHA-256',
  'source.copy': 'Kopieren',
  'source.copied': 'Kopiert',
  'source.copyHash': 'Den vollständigen SHA-256 in die Zwischenablage kopieren',
  'source.format': 'Format',
  'source.points': 'Punkte',
  'source.tracks': 'Tracks',
  'source.waypoints': 'Wegpunkte',
  'source.first': 'Erste Position',
  'source.last': 'Letzte Position',
  'source.noTime': 'keine Zeit erfasst',
  'source.timeUtc': 'UTC',
  'source.timeZoned': 'Anzeigezeitzone',
  'source.files': { one: '{count} Datei', other: '{count} Dateien' },
  'notice.dismiss': 'Schließen',
  'sources.hidePanel': 'Quellenbereich ausblenden',
  'sources.showPanel': 'Quellenbereich anzeigen',

  'issues.count': { one: '{count} Hinweis', other: '{count} Hinweise' },
  'issues.none': 'Keine Hinweise',
  'issues.show': 'Hinweise anzeigen',
  'issues.hide': 'Hinweise ausblenden',
  'issues.more': {
    one: '{count} weiterer Hinweis nicht angezeigt',
    other: '{count} weitere Hinweise nicht angezeigt',
  },
  'issues.location.lineColumn': 'Zeile {line}:{column}',
  'issues.location.line': 'Zeile {line}',
  'issues.location.record': 'Datensatz {record}',
  'issues.location.offset': 'Byte {offset}',
  'severity.error': 'Fehler',
  'severity.warning': 'Warnung',
  'severity.info': 'Hinweis',

  'import.failed': 'Diese Datei konnte nicht importiert werden',
  'import.failedCode': 'Ursachencode: {code}',
  'import.unexpected': 'Der Import ist fehlgeschlagen: {message}',

  'map.label': 'Karte',
  'map.basemapMissing':
    'Keine Basiskarte verfügbar; Routen werden ohne Hintergrundkarte gezeichnet.',
  'map.basemapError': 'Die Basiskarte konnte nicht gelesen werden: {message}',
};

export const LOCALES = ['en', 'nl', 'fr', 'de'] as const;
export type Locale = (typeof LOCALES)[number];

export const CATALOGUES: { readonly [L in Locale]: Catalogue } = { en, nl, fr, de };

/** Names of the languages in their own language, for the language selector. */
export const LOCALE_NAMES: { readonly [L in Locale]: string } = {
  en: 'English',
  nl: 'Nederlands',
  fr: 'Français',
  de: 'Deutsch',
};
