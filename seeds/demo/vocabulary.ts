/**
 * The words the demo data is made of: organisations, places, lookups, names and the sentences
 * of plans, logs and check-ins. All of it fictional.
 */

export const MINISTRIES = [
  { name: 'Ministry of Children and Family Development', area: 'British Columbia' },
  { name: 'Ministry of Children, Community and Social Services', area: 'Ontario' },
  { name: 'Ministry of Health, Child and Youth Health Branch', area: 'British Columbia' },
];

export const SERVICE_PROVIDERS = [
  { name: 'Coastal Family Homes Society', area: 'Vancouver Coastal', region: 'Metro Vancouver' },
  { name: 'Fraser Valley Specialized Care', area: 'Fraser', region: 'Fraser Valley' },
  { name: "Okanagan Children's Homes", area: 'Interior', region: 'Okanagan' },
  { name: 'Island Pathways Care Association', area: 'Vancouver Island', region: 'South Island' },
];

export const COORDINATING_AGENCIES = [
  { name: 'Champlain Coordinated Service Planning', area: 'Champlain' },
  { name: 'Simcoe Muskoka Coordinated Service Planning', area: 'Central East' },
  { name: 'Toronto Coordinated Service Planning', area: 'Toronto' },
];

export const PARTNER_AGENCIES = [
  { name: 'Riverside School District Student Services', area: 'Fraser' },
  { name: 'First Nations Family Wellness Partners', area: 'Vancouver Island' },
  { name: 'Community Living Partners Network', area: 'Champlain' },
];

/** Places of service per provider (the first provider has four; the demo staff work in the first two). */
export const PLACES: { provider: number; name: string; type: string; capacity: number }[] = [
  { provider: 0, name: 'Cedar House', type: 'staffed_residential', capacity: 5 },
  { provider: 0, name: 'Maple Respite Cottage', type: 'respite_home', capacity: 3 },
  { provider: 0, name: 'Harbour View Home', type: 'staffed_residential', capacity: 4 },
  { provider: 0, name: 'Lighthouse Transition Home', type: 'transition_home', capacity: 4 },
  { provider: 1, name: 'Alder Grove Home', type: 'staffed_residential', capacity: 5 },
  { provider: 1, name: 'Sumas Family Care Home', type: 'family_care_home', capacity: 3 },
  { provider: 1, name: 'Willow Creek Respite', type: 'respite_home', capacity: 2 },
  { provider: 2, name: 'Kalamalka House', type: 'staffed_residential', capacity: 6 },
  { provider: 2, name: 'Sunflower Family Home', type: 'family_care_home', capacity: 2 },
  { provider: 2, name: 'Orchard Day Program', type: 'specialized_day_program', capacity: 8 },
  { provider: 3, name: 'Arbutus Home', type: 'staffed_residential', capacity: 4 },
  { provider: 3, name: 'Salish Sea Transition Home', type: 'transition_home', capacity: 3 },
  { provider: 3, name: 'Tidepool Respite House', type: 'respite_home', capacity: 3 },
];

export const SERVICE_TYPES = [
  { code: 'staffed_residential', label: 'Staffed residential home', label_fr: 'Foyer résidentiel avec personnel', program: 'SHSS', active: true },
  { code: 'family_care_home', label: 'Family care home', label_fr: 'Foyer de soins familial', program: 'SHSS', active: true },
  { code: 'respite_home', label: 'Respite home', label_fr: 'Foyer de relève', program: 'SHSS', active: true },
  { code: 'transition_home', label: 'Transition home', label_fr: 'Foyer de transition', program: 'SHSS', active: true },
  { code: 'specialized_day_program', label: 'Specialized day program', label_fr: 'Programme de jour spécialisé', program: 'SHSS', active: true },
  { code: 'contracted_resource', label: 'Contracted resource (legacy)', label_fr: 'Ressource contractuelle (ancien régime)', program: 'SHSS', active: false },
  { code: 'csp_coordination', label: 'Coordinated service planning', label_fr: 'Planification coordonnée des services', program: 'CSP', active: true },
  { code: 'csp_family_navigation', label: 'Family navigation', label_fr: 'Accompagnement des familles', program: 'CSP', active: true },
];

export const SUPPORT_REQUEST_TYPES = [
  { code: 'child_specific_support', label: 'Child-specific support', label_fr: 'Soutien propre à l’enfant', parent_code: null, requires_staffing_details: false, legacy_only: false, active: true },
  { code: 'cultural_supports', label: 'Cultural supports', label_fr: 'Soutiens culturels', parent_code: 'child_specific_support', requires_staffing_details: false, legacy_only: false, active: true },
  { code: 'therapeutic_supports', label: 'Therapeutic supports', label_fr: 'Soutiens thérapeutiques', parent_code: 'child_specific_support', requires_staffing_details: false, legacy_only: false, active: true },
  { code: 'transportation', label: 'Transportation', label_fr: 'Transport', parent_code: 'child_specific_support', requires_staffing_details: false, legacy_only: false, active: true },
  { code: 'equipment', label: 'Equipment', label_fr: 'Équipement', parent_code: 'child_specific_support', requires_staffing_details: false, legacy_only: false, active: true },
  { code: 'medical_supplies', label: 'Medical supplies', label_fr: 'Fournitures médicales', parent_code: 'child_specific_support', requires_staffing_details: false, legacy_only: false, active: true },
  { code: 'recreation', label: 'Recreation and camps', label_fr: 'Loisirs et camps', parent_code: 'child_specific_support', requires_staffing_details: false, legacy_only: false, active: true },
  { code: 'staffing', label: 'Additional staffing', label_fr: 'Personnel supplémentaire', parent_code: null, requires_staffing_details: true, legacy_only: false, active: true },
  { code: 'one_to_one_staffing', label: 'One-to-one staffing', label_fr: 'Accompagnement individuel', parent_code: 'staffing', requires_staffing_details: true, legacy_only: false, active: true },
  { code: 'awake_overnight_staffing', label: 'Awake overnight staffing', label_fr: 'Personnel éveillé la nuit', parent_code: 'staffing', requires_staffing_details: true, legacy_only: false, active: true },
  { code: 'respite_relief', label: 'Respite relief', label_fr: 'Relève', parent_code: null, requires_staffing_details: false, legacy_only: false, active: true },
  { code: 'education_support', label: 'Education support', label_fr: 'Soutien scolaire', parent_code: null, requires_staffing_details: false, legacy_only: false, active: true },
  { code: 'tutoring', label: 'Tutoring', label_fr: 'Tutorat', parent_code: 'education_support', requires_staffing_details: false, legacy_only: false, active: true },
  { code: 'school_transition', label: 'School transition support', label_fr: 'Soutien à la transition scolaire', parent_code: 'education_support', requires_staffing_details: false, legacy_only: false, active: true },
  { code: 'home_modification', label: 'Home modification', label_fr: 'Adaptation du domicile', parent_code: null, requires_staffing_details: false, legacy_only: false, active: true },
  { code: 'legacy_transition_in', label: 'Legacy transition-in', label_fr: 'Transition d’accueil (ancien régime)', parent_code: null, requires_staffing_details: false, legacy_only: true, active: true },
  { code: 'special_rate_legacy', label: 'Special rate (legacy, retired)', label_fr: 'Tarif spécial (ancien régime, retiré)', parent_code: null, requires_staffing_details: false, legacy_only: true, active: false },
];

export const FIRST_NAMES = [
  'Aiden', 'Amara', 'Aria', 'Arjun', 'Ava', 'Benjamin', 'Brooklyn', 'Caleb', 'Chloe', 'Daniel',
  'Dev', 'Eli', 'Ella', 'Emily', 'Emma', 'Ethan', 'Evelyn', 'Ezra', 'Farah', 'Finn',
  'Gabriel', 'Grace', 'Hana', 'Harper', 'Hudson', 'Isaac', 'Isla', 'Jack', 'Jasmine', 'Jayden',
  'Kai', 'Kiona', 'Layla', 'Leah', 'Leo', 'Liam', 'Lily', 'Logan', 'Lucas', 'Luna',
  'Maya', 'Mia', 'Mila', 'Mohammed', 'Nathan', 'Nia', 'Noah', 'Nora', 'Oliver', 'Olivia',
  'Omar', 'Owen', 'Priya', 'Quinn', 'Riley', 'Rowan', 'Ryan', 'Sakura', 'Samuel', 'Sara',
  'Sebastian', 'Sienna', 'Sofia', 'Tala', 'Theo', 'Wyatt', 'Xavier', 'Yara', 'Zoe', 'Zain',
  'Hunter', 'Aylen', 'Mateo', 'Naomi', 'Rohan', 'Tyee', 'Lena', 'Mason', 'Nadia', 'Jonah',
];

export const LAST_NAMES = [
  'Anderson', 'Bains', 'Baptiste', 'Bergeron', 'Brown', 'Campbell', 'Chen', 'Clarke', 'Cote', 'Das',
  'Dhillon', 'Dubois', 'Edwards', 'Fraser', 'Gagnon', 'Gill', 'Grewal', 'Hall', 'Harper', 'Hughes',
  'Jack', 'Johnson', 'Joseph', 'Kaur', 'Kim', 'Lam', 'Lavoie', 'Lee', 'Leblanc', 'Li',
  'MacDonald', 'Martin', 'McKay', 'Mitchell', 'Moreau', 'Morin', 'Nguyen', 'Okafor', 'Paul', 'Pelletier',
  'Patel', 'Quinn', 'Reid', 'Roy', 'Sandhu', 'Scott', 'Sidhu', 'Singh', 'Smith', 'Sparrow',
  'Stewart', 'Tan', 'Taylor', 'Thomas', 'Thompson', 'Tremblay', 'Wang', 'White', 'Williams', 'Wilson',
  'Wong', 'Wright', 'Young', 'Zhang', 'Abbott', 'Bear', 'Cardinal', 'Desjarlais', 'George', 'Whitehorse',
];

export const GENDERS: readonly (readonly [string, number])[] = [
  ['Male', 52],
  ['Female', 44],
  ['Non-binary', 2],
  ['Prefers not to say', 2],
];

export const INDIGENOUS_IDENTITIES: readonly (readonly [string | null, number])[] = [
  [null, 78],
  ['First Nations', 14],
  ['Métis', 6],
  ['Inuit', 2],
];

export const REFERRAL_SOURCES: readonly (readonly [string, number])[] = [
  ['self_family', 30],
  ['school_educator', 20],
  ['physician_health', 18],
  ['childrens_aid', 10],
  ['indigenous_org', 7],
  ['other', 15],
];

export const SOURCE_DETAILS: Record<string, string[]> = {
  self_family: ['Parent called the intake line', 'Grandparent (legal guardian) self-referred', 'Family referred through the website'],
  school_educator: ['Special education resource teacher', 'School principal', 'School board psychologist'],
  physician_health: ['Developmental paediatrician', 'Family physician', "Children's treatment centre", 'Hospital social worker'],
  childrens_aid: ["Children's aid society worker", 'Child protection worker'],
  indigenous_org: ['Friendship centre family worker', 'First Nation health centre', 'Indigenous child and family services'],
  other: ['Community mental health agency', 'Speech and language program', 'Early years centre', 'Housing support worker'],
};

export const CLOSE_REASONS_CSP: readonly (readonly [string, number])[] = [
  ['met_goals', 34],
  ['family_request', 16],
  ['left_catchment', 14],
  ['unable_to_reach', 14],
  ['aged_out', 9],
  ['other', 8],
  ['superseded', 5],
];

export const PLACEMENT_END_REASONS = [
  'Returned to family home',
  'Moved to a family care home',
  'Aged out of the programme',
  'Moved to another provider closer to family',
  'Needs better met by a treatment resource',
];

export const PRIMARY_PROFESSIONALS = [
  'Dana Whitfield, MCFD social worker',
  'Harjit Bains, MCFD CYSN worker',
  'Leslie Moreau, guardianship worker',
  'Dr. Aaron Kwan, paediatrician',
  'Marie-Claude Roy, MCFD team leader',
  'Joseph Sparrow, delegated agency social worker',
];

export const PLAN_GOALS = [
  'Build daily-living skills: dressing, meal preparation and hygiene with fewer prompts.',
  'Attend school full days at least four days a week.',
  'Use a communication device to make requests at home and at school.',
  'Reduce the frequency of dysregulation episodes through a consistent sensory routine.',
  'Keep regular, positive contact with family, including weekend visits.',
  'Join one community recreation activity of the child’s choice.',
  'Take part in cultural activities with the Nation’s family worker monthly.',
  'Prepare for the transition to adult services with a person-centred plan.',
];

export const PLAN_STRENGTHS = [
  'Warm relationships with staff and siblings; enjoys music and swimming.',
  'Curious, persistent and proud of new skills.',
  'Strong family support and a grandmother who visits weekly.',
  'Responds well to visual schedules and clear routines.',
  'Good sense of humour; likes helping with cooking.',
];

export const PLAN_NEEDS = [
  'Complex medical needs, including g-tube feeding and seizure management.',
  'Needs two-person support for transfers and personal care.',
  'Needs a predictable routine and advance notice of changes.',
  'Needs speech-language support and an augmentative communication system.',
  'Needs support to manage anxiety at transitions and in crowded places.',
];

export const PLAN_ACTIVITIES = [
  'Daily sensory diet; weekly swimming; visual schedule at home and school.',
  'Cooking night on Thursdays; supported bus travel practice.',
  'Weekly video call with family; monthly visit home.',
];

export const CLINICAL_SERVICES = [
  'Occupational therapy monthly; behaviour consultant every two weeks.',
  'Speech-language pathology weekly through the school district.',
  'Paediatrician review every three months; nursing support plan in place.',
];

export const NON_CLINICAL_SERVICES = [
  'Respite one weekend a month; recreation subsidy; school-based support worker.',
  'Transportation to school; cultural mentor; summer camp with a support worker.',
];

export const STRATEGIES = [
  'First-then language, visual timers and a quiet space when overwhelmed.',
  'Offer two choices; praise effort; keep transitions short and predictable.',
  'Staff use the agreed de-escalation plan and record every use.',
];

export const REVIEW_SUMMARIES = [
  'Steady progress on daily-living goals; the family reports more independence at home.',
  'School attendance improved since the new transportation plan started.',
  'Fewer incidents this period; the sensory routine is now followed consistently.',
  'The team agreed to add speech-language sessions and review again in three months.',
  'Goals partly met; the transition plan needs more work with adult services.',
];

export const CARE_CIRCLE_ROLES: readonly { role: string; organization: string | null }[] = [
  { role: 'Parent', organization: null },
  { role: 'Guardian', organization: null },
  { role: 'Social worker', organization: 'Ministry of Children and Family Development' },
  { role: 'Teacher', organization: 'Riverside School District Student Services' },
  { role: 'Occupational therapist', organization: "Children's treatment centre" },
  { role: 'Paediatrician', organization: 'Community paediatric clinic' },
  { role: 'Cultural worker', organization: 'First Nations Family Wellness Partners' },
  { role: 'Behaviour consultant', organization: 'Community Living Partners Network' },
];

export const CHECK_IN_QUESTIONS = [
  'How has the child been this month?',
  'Changes in health, medication or appointments',
  'School attendance and progress',
  'Family contact and visits',
  'Incidents and how they were handled',
  'Progress on plan goals',
];

export const CHECK_IN_RESPONSES = [
  'Settled and happy overall.',
  'A difficult first week after the holidays, better since.',
  'No changes.',
  'New medication started; staff monitoring side effects.',
  'Attended every school day.',
  'Missed three days because of illness.',
  'Weekly calls with mum and one weekend visit.',
  'One minor incident, handled with the de-escalation plan.',
  'Good progress: now prepares breakfast with one prompt.',
];

export const LOG_SENTENCES = [
  'Woke at 7:10 and had breakfast with peers.',
  'Attended school; the teacher reported a good morning.',
  'Afternoon walk to the park; enjoyed the swings.',
  'Took medication as prescribed at 8:00 and 20:00.',
  'Needed extra support at dinner; used the quiet room for ten minutes.',
  'Video call with family in the evening went well.',
  'Slept through the night; checks every hour.',
  'Worked on the visual schedule and chose the evening activity.',
  'Helped prepare lunch and tidied up afterwards.',
  'Brief episode of dysregulation after a change of plans; settled with sensory tools.',
];

export const EVENT_TITLES: Record<string, string[]> = {
  meeting: ['Care team meeting', 'Plan review meeting', 'Transition planning meeting'],
  incident: ['Minor injury on the playground', 'Property damage during dysregulation', 'Left the home without staff briefly'],
  critical_incident: ['Emergency room visit after a seizure', 'Police attended after the child went missing for two hours'],
  medical: ['Dental appointment', 'Paediatrician follow-up', 'Medication review'],
  school: ['IEP meeting at school', 'School field trip', 'Parent-teacher conference'],
  family_visit: ['Weekend visit home', 'Visit with grandmother', 'Sibling visit at the park'],
  other: ['Birthday celebration', 'Started swimming lessons', 'New bedroom set up'],
};

export const TASK_TITLES = [
  'Book the annual dental check-up',
  'Send the updated plan to the family',
  'Renew the medical supplies order',
  'Schedule the next care team meeting',
  'Follow up with the school about transportation',
  'Update the emergency contact list',
  'Complete the incident follow-up report',
  'Request the OT assessment report',
];

export const ACTIVITY_NOTES = [
  'Home visit with the family to review goals.',
  'Phone call with the school resource teacher.',
  'Coordinated an appointment with the developmental paediatrician.',
  'Prepared the service plan document and circulated it.',
  'Case conference with service providers.',
  'Follow-up call with the parent about waitlist status.',
];

export const JUSTIFICATIONS = [
  'The child’s needs increased after the latest assessment; the plan requires additional support to keep the placement stable.',
  'Recommended by the occupational therapist to support safe mobility at home and school.',
  'Cultural connection is a plan goal; the family and the Nation support this request.',
  'Transportation to the specialized school program is not covered by the school district.',
  'Additional staffing is needed overnight while the seizure protocol is reviewed.',
];

/** Why a coordinator flags a plan's risk. */
export const RISK_REASONS = [
  'Family under housing stress; two missed meetings this quarter.',
  'School placement at risk after repeated suspensions.',
  'Primary caregiver hospitalised; respite arranged short term.',
  'Medical needs rising; waiting for a nursing assessment.',
  'Several providers involved and the family reports conflicting advice.',
];

/** Complaints a coordinating agency receives: category, what it is about, how it was resolved. */
export const COMPLAINTS: readonly (readonly [string, string, string])[] = [
  ['access_and_wait', 'The family has waited months for speech-language therapy with no update.', 'Explained the waitlist, added an interim group session and a monthly update call.'],
  ['communication', 'Nobody returned the parent\u2019s calls for two weeks.', 'Apologised; the coordinator now confirms every call within two business days.'],
  ['service_quality', 'The plan review did not reflect what the family said in the meeting.', 'Review reopened with the family and the plan corrected.'],
  ['staff_conduct', 'A provider\u2019s staff member was dismissive at a care circle meeting.', 'Raised with the provider; the family met the manager and accepted the apology.'],
  ['privacy', 'A letter with the child\u2019s details was sent to a former address.', 'Address corrected, the letter retrieved, and the privacy officer informed.'],
  ['safety', 'Transport to the day program left the child unattended at the door.', 'The provider changed its hand-over procedure; confirmed in writing.'],
  ['other', 'The family disagrees with the eligibility decision for a sibling.', 'Decision explained with the criteria; referral to the appeal route given.'],
];
