/**
 * Given names and surnames for demo people, weighted towards the Norwegian, German and German-Russian
 * heritage common in North Dakota, with Lakota, Dakota and Ojibwe family names and a few that test the name
 * rules (apostrophes, hyphens, spaces, accents).
 */
export const FIRST_NAMES = [
	'Aaron', 'Abby', 'Adam', 'Alexis', 'Amanda', 'Amber', 'Andrew', 'Anna', 'Austin', 'Ben', 'Brandon', 'Brenda',
	'Brian', 'Brittany', 'Brooke', 'Cade', 'Carla', 'Carson', 'Casey', 'Chad', 'Chelsey', 'Cody', 'Colton',
	'Corey', 'Courtney', 'Dale', 'Dana', 'Daniel', 'Darcy', 'Derek', 'Dustin', 'Dylan', 'Elizabeth', 'Emily',
	'Erik', 'Erin', 'Ethan', 'Gina', 'Grant', 'Gretchen', 'Hailey', 'Hannah', 'Heather', 'Ingrid', 'Isaac',
	'Jacob', 'Jared', 'Jenna', 'Jennifer', 'Jessica', 'Joel', 'Jolene', 'Jordan', 'José', 'Josh', 'Justin',
	'Kaitlyn', 'Kari', 'Karla', 'Kayla', 'Kelsey', 'Kevin', 'Kirsten', 'Kyle', 'Lacey', 'Lance', 'Leah', 'Lisa',
	'Logan', 'Lori', 'Luke', 'Mackenzie', 'Marcus', 'Maren', 'Mark', 'Megan', 'Melissa', 'Michael', 'Morgan',
	'Nathan', 'Nicole', 'Noah', 'Olivia', 'Paige', 'Paul', 'Rachel', 'Randy', 'Rebecca', 'Renée', 'Riley',
	'Ryan', 'Samantha', 'Sara', 'Scott', 'Shane', 'Shannon', 'Solveig', 'Stacy', 'Tanner', 'Tara', 'Taylor',
	'Thomas', 'Tiffany', 'Travis', 'Trevor', 'Tyler', 'Wade', 'Whitney', 'Wyatt', 'Zachary'
] as const;

export const LAST_NAMES = [
	'Aasen', 'Anderson', 'Bakken', 'Bauer', 'Becker', 'Berg', 'Bjornson', 'Brekke', 'Bruns', 'Dahl', 'Dockter',
	'Ehlis', 'Eide', 'Engelhardt', 'Erickson', 'Feist', 'Fischer', 'Fleck', 'Frank', 'Gackle', 'Gunderson',
	'Haag', 'Hagen', 'Halvorson', 'Hanson', 'Haugen', 'Heinle', 'Herman', 'Hoffmann', 'Hovland', 'Iverson',
	'Jacobson', 'Jensen', 'Johnson', 'Jorgenson', 'Kessel', 'Klein', 'Knutson', 'Kraft', 'Kuntz', 'Larson',
	'Lee', 'Lindquist', 'Lund', 'Martin', 'Meyer', 'Miller', 'Moe', 'Moen', 'Mueller', 'Nelson', 'Nygaard',
	'Olson', 'Ostby', 'Pederson', 'Peterson', 'Quam', 'Rasmussen', 'Reiswig', 'Roehrich', 'Schaefer', 'Schatz',
	'Schmidt', 'Schmitz', 'Schneider', 'Schulz', 'Sorenson', 'Stroh', 'Swenson', 'Thompson', 'Thorson',
	'Tweten', 'Vetter', 'Wagner', 'Walth', 'Weber', 'Weisz', 'Wolf', 'Zimmerman', 'Ziegler', 'Davis', 'Brown',
	'Wilson', 'Smith', 'Garcia', 'Nguyen', 'Hernandez', 'Yellow Bird', 'Two Bears', 'Many Hides', 'Azure',
	'Laducer', 'Davis-Poitra', 'Grant', 'DeCoteau', "O'Connell", "O'Brien", 'McCarthy', 'St. Claire', 'Lange',
	'Vollmer'
] as const;

export const NAME_SUFFIXES_USED = ['Jr.', 'Sr.', 'II', 'III'] as const;
