/**
 * What a Region needs before its connections can work. AWS's connections
 * guide (Developer Tools console, "Connections"): to use connections in
 * Europe (Milan), install the provider app that is specific to that Region
 * (a separate installation from the app of the other Regions) and enable
 * the Region for the account. Shared by synth-time messages and the
 * handler's (it is pure text).
 */
const REGION_NOTES: Record<string, string> = {
  'eu-south-1': 'Europe (Milan) (eu-south-1) needs its own app: install the provider app for the Europe (Milan) Region at the provider '
    + '(a separate installation from the app of other Regions) and enable the Region for the account, then choose that installation in the handshake',
};

/** The note for a connection of `region`, or undefined when the Region needs nothing special. */
export function regionNote(region: string | undefined): string | undefined {
  return region === undefined ? undefined : REGION_NOTES[region];
}
