/**
 * Real North Dakota places (city, county, 5-digit ZIP) the demo puts agencies and people in, grouped by the
 * kind of EMS service such a place typically has. ZIP prefixes run 580–588 across the state.
 */
export interface Place {
	city: string;
	county: string;
	zip: string;
}

type Row = readonly [city: string, county: string, zip: string];
const places = (rows: readonly Row[]): Place[] => rows.map(([city, county, zip]) => ({ city, county, zip }));

/** Regional centres that run an ALS ground ambulance service; Fargo's is the large one. */
export const ALS_BASES = places([
	['Fargo', 'Cass', '58103'],
	['Bismarck', 'Burleigh', '58501'],
	['Grand Forks', 'Grand Forks', '58201'],
	['Minot', 'Ward', '58701'],
	['West Fargo', 'Cass', '58078'],
	['Williston', 'Williams', '58801'],
	['Dickinson', 'Stark', '58601'],
	['Mandan', 'Morton', '58554'],
	['Jamestown', 'Stutsman', '58401'],
	['Wahpeton', 'Richland', '58075'],
	['Devils Lake', 'Ramsey', '58301'],
	['Valley City', 'Barnes', '58072'],
	['Watford City', 'McKenzie', '58854'],
	['Grafton', 'Walsh', '58237'],
	['Beulah', 'Mercer', '58523'],
	['Rugby', 'Pierce', '58368'],
	['Bottineau', 'Bottineau', '58318'],
	['Lisbon', 'Ransom', '58054'],
	['Oakes', 'Dickey', '58474'],
	['Carrington', 'Foster', '58421'],
	['Stanley', 'Mountrail', '58784'],
	['Bowman', 'Bowman', '58623'],
	['Langdon', 'Cavalier', '58249'],
	['Hettinger', 'Adams', '58639'],
	['Mayville', 'Traill', '58257']
]);

/** Substations and the ALS base (by city) they answer to. */
const substations = (rows: readonly (readonly [Row, baseCity: string])[]) =>
	rows.map(([row, baseCity]) => ({ place: places([row])[0]!, baseCity }));

export const ALS_SUBSTATIONS: readonly { place: Place; baseCity: string }[] = substations([
	[['Horace', 'Cass', '58047'], 'Fargo'],
	[['Casselton', 'Cass', '58012'], 'Fargo'],
	[['Lincoln', 'Burleigh', '58504'], 'Bismarck'],
	[['Wilton', 'McLean', '58579'], 'Bismarck'],
	[['Larimore', 'Grand Forks', '58251'], 'Grand Forks'],
	[['Northwood', 'Grand Forks', '58267'], 'Grand Forks'],
	[['Burlington', 'Ward', '58722'], 'Minot'],
	[['Surrey', 'Ward', '58785'], 'Minot'],
	[['Tioga', 'Williams', '58852'], 'Williston'],
	[['Ray', 'Williams', '58849'], 'Williston'],
	[['Belfield', 'Stark', '58622'], 'Dickinson'],
	[['Richardton', 'Stark', '58652'], 'Dickinson'],
	[['Alexander', 'McKenzie', '58831'], 'Watford City'],
	[['Medina', 'Stutsman', '58467'], 'Jamestown']
]);

/** Towns with a volunteer BLS ground ambulance. */
export const BLS_TOWNS = places([
	['Hillsboro', 'Traill', '58045'],
	['Harvey', 'Wells', '58341'],
	['Cando', 'Towner', '58324'],
	['Washburn', 'McLean', '58577'],
	['Garrison', 'McLean', '58540'],
	['New Town', 'Mountrail', '58763'],
	['Crosby', 'Divide', '58730'],
	['Kenmare', 'Ward', '58746'],
	['Mott', 'Hettinger', '58646'],
	['Beach', 'Golden Valley', '58621'],
	['Killdeer', 'Dunn', '58640'],
	['Linton', 'Emmons', '58552'],
	['Napoleon', 'Logan', '58561'],
	['Ashley', 'McIntosh', '58413'],
	['Wishek', 'McIntosh', '58495'],
	['Ellendale', 'Dickey', '58436'],
	['Enderlin', 'Ransom', '58027'],
	['Cooperstown', 'Griggs', '58425'],
	['Finley', 'Steele', '58230'],
	['McVille', 'Nelson', '58254'],
	['Lakota', 'Nelson', '58344'],
	['Park River', 'Walsh', '58270'],
	['Cavalier', 'Pembina', '58220'],
	['Walhalla', 'Pembina', '58282'],
	['Rolla', 'Rolette', '58367'],
	['Belcourt', 'Rolette', '58316'],
	['Fort Yates', 'Sioux', '58538'],
	['Elgin', 'Grant', '58533'],
	['New England', 'Hettinger', '58647'],
	['Glen Ullin', 'Morton', '58631'],
	['Steele', 'Kidder', '58482'],
	['Towner', 'McHenry', '58788'],
	['Velva', 'McHenry', '58790'],
	['Parshall', 'Mountrail', '58770'],
	['Center', 'Oliver', '58530'],
	['Turtle Lake', 'McLean', '58575'],
	['Underwood', 'McLean', '58576'],
	['Kindred', 'Cass', '58051'],
	['Hatton', 'Traill', '58240'],
	['Minnewaukan', 'Benson', '58351'],
	['Maddock', 'Benson', '58348'],
	['LaMoure', 'LaMoure', '58458'],
	['Edgeley', 'LaMoure', '58433'],
	['New Salem', 'Morton', '58563'],
	['Hankinson', 'Richland', '58041'],
	['Lidgerwood', 'Richland', '58053'],
	['Milnor', 'Sargent', '58060'],
	['Gwinner', 'Sargent', '58040'],
	['Mohall', 'Renville', '58761'],
	['Westhope', 'Bottineau', '58793'],
	['Dunseith', 'Rolette', '58329'],
	['Halliday', 'Dunn', '58636'],
	['Drayton', 'Pembina', '58225'],
	['Hazen', 'Mercer', '58545'],
	['McClusky', 'Sheridan', '58463'],
	['Tower City', 'Cass', '58071']
]);

/** Small towns whose fire department or volunteers run a quick response unit. */
export const QRU_TOWNS = places([
	['Harwood', 'Cass', '58042'],
	['Page', 'Cass', '58064'],
	['Mapleton', 'Cass', '58059'],
	['Buffalo', 'Cass', '58011'],
	['Argusville', 'Cass', '58005'],
	['Arthur', 'Cass', '58006'],
	['Hunter', 'Cass', '58048'],
	['Sheldon', 'Ransom', '58068'],
	['Forman', 'Sargent', '58032'],
	['Fairmount', 'Richland', '58030'],
	['Abercrombie', 'Richland', '58001'],
	['Wyndmere', 'Richland', '58081'],
	['Emerado', 'Grand Forks', '58228'],
	['Manvel', 'Grand Forks', '58256'],
	['Thompson', 'Grand Forks', '58278'],
	['Reynolds', 'Grand Forks', '58275'],
	['Portland', 'Traill', '58274'],
	['Buxton', 'Traill', '58218'],
	['Pembina', 'Pembina', '58271'],
	['St. Thomas', 'Pembina', '58276'],
	['Fordville', 'Walsh', '58231'],
	['Minto', 'Walsh', '58261'],
	['Edmore', 'Ramsey', '58330'],
	['Fort Totten', 'Benson', '58335'],
	['Michigan', 'Nelson', '58259'],
	['Zap', 'Mercer', '58580'],
	['Max', 'McLean', '58759'],
	['Berthold', 'Ward', '58718'],
	['Glenburn', 'Renville', '58740'],
	['Powers Lake', 'Burke', '58773'],
	['Bowbells', 'Burke', '58721'],
	['Noonan', 'Divide', '58765'],
	['Grenora', 'Williams', '58845'],
	['Arnegard', 'McKenzie', '58835'],
	['Mandaree', 'McKenzie', '58757'],
	['Regent', 'Hettinger', '58650'],
	['Scranton', 'Bowman', '58653'],
	['Marmarth', 'Slope', '58643'],
	['Medora', 'Billings', '58645'],
	['Flasher', 'Morton', '58535'],
	['Hebron', 'Morton', '58638'],
	['Strasburg', 'Emmons', '58573'],
	['Sterling', 'Burleigh', '58572'],
	['Tappen', 'Kidder', '58487'],
	['Streeter', 'Stutsman', '58483'],
	['Litchville', 'Barnes', '58461'],
	['Hope', 'Steele', '58046'],
	['Binford', 'Griggs', '58416'],
	['Goodrich', 'Sheridan', '58444'],
	['Drake', 'McHenry', '58736'],
	['Newburg', 'Bottineau', '58762'],
	['Leeds', 'Benson', '58346'],
	['Munich', 'Cavalier', '58352']
]);

/** Where the air ambulance services are based (cities that already host ALS bases). */
export const AIR_BASE_CITIES = ['Bismarck', 'Fargo', 'Grand Forks', 'Minot', 'Williston'] as const;

/** Places around Fargo where members of the large Fargo service live. */
export const FARGO_AREA = places([
	['Fargo', 'Cass', '58102'],
	['Fargo', 'Cass', '58103'],
	['Fargo', 'Cass', '58104'],
	['West Fargo', 'Cass', '58078'],
	['Horace', 'Cass', '58047'],
	['Harwood', 'Cass', '58042'],
	['Mapleton', 'Cass', '58059'],
	['Casselton', 'Cass', '58012'],
	['Kindred', 'Cass', '58051']
]);

export const ALL_PLACES: readonly Place[] = [...ALS_BASES, ...ALS_SUBSTATIONS.map((s) => s.place), ...BLS_TOWNS, ...QRU_TOWNS];

/** Street names as they read on North Dakota addresses. */
export const STREET_NAMES = [
	'Main St', 'Main Ave', 'Broadway', 'Central Ave', 'Front St', 'Park Ave', 'Railway St', 'Division St',
	'1st St N', '2nd St S', '3rd Ave NE', '4th Ave SW', '5th St NW', '6th Ave W', '7th St E', '8th Ave N',
	'10th St S', '12th Ave NW', '13th Ave S', '17th St SE', '19th Ave N', '25th St S', '32nd Ave S', '45th St S',
	'University Dr', 'Sheyenne St', 'Elm St', 'Oak St', 'Maple St', 'Prairie Ave', 'Lake Ave', 'River Rd',
	'Dakota Ave', 'Highway 2', 'Burdick Expy', 'Divide Ave', 'Washington St', 'Sunset Dr', 'Meadow Ln', 'Cedar St'
] as const;
