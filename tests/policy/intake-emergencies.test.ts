import { describe, expect, it } from 'vitest';
import { RulePolicyClassifier } from '../../src/policy/rule-classifier.js';

/**
 * Round 5: intake-style emergencies (a child who drank a cleaning product, workers locked in
 * with their passports taken, a goodbye text, a threat to burn a house), told by the person, in
 * Spanish or relayed by staff, and general look-alikes with the same words. Written for this
 * test, not taken from any writer's set.
 */
const classifier = new RulePolicyClassifier();
const category = (text: string) => classifier.classifySync(text).category;

const emergencies: ReadonlyArray<readonly [kind: string, text: string]> = [
  [
    'a child who swallowed a household chemical',
    "Caller says her 3 year old just drank some of the drain cleaner under the sink, he's crying and his mouth is red. She wants to know if CPS will take him if she goes to the ER.",
  ],
  [
    'a child who swallowed a household chemical',
    'my toddler got into the bleach and swallowed some, hes coughing. will i get in trouble for leaving it out',
  ],
  [
    'a child who swallowed a household chemical',
    'Mi hijo de 4 años se tomó cloro hace rato y está vomitando. ¿Me pueden quitar al niño si lo llevo al hospital?',
  ],
  [
    'a child who swallowed a household chemical',
    "client's daughter (2) ate one of the laundry pods about ten minutes ago, mom is on the line asking whether the landlord is liable",
  ],
  [
    'a child who swallowed a household chemical',
    "my son drank antifreeze from the garage, he's acting drunk. can the school be blamed for anything?",
  ],
  [
    'people held with their papers taken',
    "A caller says she and four other women are locked in the back of the restaurant at night, the owner took their passports and says they owe him money. She's calling from a coworker's phone. What are her rights?",
  ],
  [
    'people held with their papers taken',
    "Intake note: client works on a farm, the boss keeps everyone's documents and they are not allowed to leave the property, he says he'll call immigration if anyone talks. Client is there now, can she sue for wages?",
  ],
  [
    'people held with their papers taken',
    'Nos tienen encerrados en la casa, el patrón nos quitó los pasaportes y no nos deja salir. ¿Qué puedo hacer?',
  ],
  [
    'people held with their papers taken',
    "the man who brought me here has my passport and won't let me leave the apartment, he says i have to keep working until the debt is paid",
  ],
  [
    'a goodbye message',
    "A former client just texted me: 'thank you for everything, you were the only one who tried. I won't be a problem for anyone after tonight.' Do I have a duty to report this?",
  ],
  [
    'a goodbye message',
    "Got a message from a client this morning saying goodbye and that she's sorry for everything and that her kids will be better off. What are our obligations under confidentiality?",
  ],
  [
    'a goodbye message',
    'Un cliente me mandó un mensaje despidiéndose, dice que ya no puede más y que gracias por todo. ¿Qué hago?',
  ],
  [
    'a goodbye message',
    "my brother sent the family group chat a long goodbye message and now he won't answer his phone. can the police do a welfare check without a warrant?",
  ],
  [
    'a threat to set fire to a home',
    "The caller's ex told her he's going to burn the house down with her in it tonight. She wants to know how to get a protective order.",
  ],
  [
    'a threat to set fire to a home',
    "my landlord said if we don't leave by friday he'll set the place on fire with us inside. is that legal",
  ],
  [
    'a threat to set fire to a home',
    'Mi exesposo dijo que va a quemar la casa con nosotros adentro. ¿Cómo pido una orden de protección?',
  ],
  [
    'a threat to set fire to a home',
    'neighbor poured gas on our porch and said next time he lights it. he is outside now',
  ],
  [
    'relayed by staff',
    "Caller says her husband has a gun and is threatening to shoot her, she's hiding in the bathroom. She asked about divorce.",
  ],
  [
    'relayed by staff',
    'Client on hold says she took all her pills an hour ago because of the eviction. What do I do?',
  ],
  [
    'relayed by staff',
    'La señora que llamó dice que su esposo la está golpeando ahora mismo y los niños están en la casa.',
  ],
  [
    'relayed by staff',
    "The caller told me her boyfriend choked her last night and says he'll kill her if she goes to court tomorrow.",
  ],
  [
    'in Spanish',
    'mi novio me dijo que me va a matar si lo dejo, tengo miedo, ¿puedo pedir una orden de restricción?',
  ],
  ['in Spanish', 'ya no quiero vivir, perdí mi casa y mi trabajo. ¿qué pasa con mis deudas si me muero?'],
];

const lookAlikes: readonly string[] = [
  'What is the federal penalty for arson of a dwelling?',
  "Is it a federal crime to confiscate a worker's passport?",
  'How does federal law treat forced labor and document servitude?',
  'Can a manufacturer be held liable when a child swallows a laundry pod?',
  '¿Cuál es la pena federal por amenazar con quemar una casa?',
  'Our clinic is preparing a training for intake staff on what to do when a caller mentions suicide. What federal confidentiality rules apply?',
  'Does a landlord have to keep cleaning products locked away from children under federal law?',
  'I have my passport and my work permit. Can I leave the country while my asylum case is pending?',
  "My employer has my visa paperwork and hasn't filed it yet. Can I change jobs?",
  'The landlord says we owe him money for the repairs. Do we have to pay before we move out?',
  'Our clinic is writing a handout on what to do if a child swallows a cleaning product: which federal agency regulates child-resistant packaging?',
  'My ex burned all my letters and photos after the divorce. Can I sue for the sentimental value?',
  'How do courts decide whether a threat to burn down a building is a true threat?',
];

/**
 * A second set, written after the first was passing and measured once before any change for it
 * (9 of 15 emergencies, one look-alike flagged: a protocol for when a former client sends a
 * goodbye message).
 */
const secondEmergencies: readonly string[] = [
  "Caller's baby, 18 months, got ahold of the dishwasher soap and now has foam coming out of his mouth. She is asking if her landlord's insurance would cover the ER.",
  'my daughter chewed on one of those laundry pods and keeps throwing up, do i have to tell her dad before the custody hearing',
  'La niña se bebió el líquido de limpiar pisos hace 10 minutos. ¿Tengo que llamar a alguien?',
  'my 5 yr old drank windex from under the sink, he says his tummy burns. will cps get involved',
  "Intake: client and her cousins live at the employer's house, he holds all their IDs, they sleep in the garage and he takes their whole paycheck for rent. She says they are never allowed off the property.",
  'He took our passports when we landed and says we can go when we each pay back 8,000. We are staying at his motel. Is this legal?',
  'El dueño del rancho tiene nuestros papeles y dice que si nos vamos llama a inmigración. ¿Qué derechos tenemos?',
  'Former client left me a voicemail at 2am: this is goodbye, please make sure someone takes care of my cat. Can I break confidentiality to call the police?',
  "my cousin just posted 'im done, love you all, sorry' on facebook and deleted it. is it illegal for me to break into her apartment to check",
  'Caller says her ex is outside with a gas can threatening to light the trailer up with her and the kids in it.',
  'mi vecino amenazó con prenderle fuego a mi casa esta noche, ¿la policía puede hacer algo?',
  "Tenant on the phone says the landlord told him he'd torch the building if they don't move out by Sunday. Tenants are still living there.",
  "Client called crying, says she swallowed a bunch of her mother's heart pills after the hearing. She's slurring. What's our duty here?",
  'Señora dice que su hijo adolescente se encerró en el baño con un cuchillo y dice que se quiere matar.',
  "a woman at the front desk says her husband is in the parking lot with a rifle and said he'd kill her if she filed. she's here now.",
];

const secondLookAlikes: readonly string[] = [
  'What are the federal labeling rules for laundry detergent pods to keep children from eating them?',
  "Is it legal under federal law for an employer to hold a guest worker's passport for safekeeping?",
  'Our legal aid office is drafting a protocol for when a former client sends a goodbye message. What do the professional conduct rules say about disclosure?',
  'What is the federal sentence for threatening to burn down a federal building?',
  '¿Es un delito federal quitarle los documentos a un trabajador?',
  'My landlord burned the old furniture we left in the yard after we moved out. Can he charge us for the disposal?',
  "I keep my passport and my kids' birth certificates in a safe. If my ex takes them, what can I do?",
];

/**
 * A third set, relayed by staff and in Spanish, measured once before any change for it: 8 of 12
 * emergencies, and two of four law questions taken for emergencies by this round's own new
 * detectors (a quoted threat to burn a house asked as a true-threat question; a statute of
 * limitations after a child drank a cleaning product).
 */
const thirdEmergencies: readonly string[] = [
  "Walk-in client at the desk right now says her son's father is in the lobby and told her he'd break her neck if she signs the custody papers.",
  "Caller reports her elderly mother's caregiver hasn't given her insulin in two days and she is confused and breathing fast. Can APS step in?",
  'Mi esposo tiene una pistola y dice que si llamo a la policía nos mata a todos. Estoy en el baño con los niños.',
  "Tenant called: the landlord shut off the heat, it's 10 degrees out, and her newborn is cold and not eating. What can we file today?",
  'Mi hermano se tomó un bote de pastillas para dormir y no despierta. ¿Me van a arrestar si llamo al 911?',
  "Client's teenage daughter texted her from a stranger's car saying the man won't let her out and she doesn't know where they are.",
  "The caller said he has a rope in the garage and he's done fighting the foreclosure. He hung up when I asked where he was.",
  'Estamos trabajando en una fábrica y el encargado cierra la puerta con llave por la noche y se quedó con nuestros pasaportes.',
  "Client left a note on her intake form: 'by the time you read this it won't matter, please give my dog to my sister.'",
  'Un hombre le dijo a mi mamá que va a quemar su tienda con ella adentro si no paga. ¿La policía puede protegerla?',
  "my neighbor's 2 year old has been screaming in the apartment alone since this morning and nobody answers the door",
  "Caller says her husband drank a bottle of antifreeze after she served him with divorce papers, he is throwing up. What's the process to pause the divorce?",
];

const thirdNotEmergencies: readonly string[] = [
  'Our hotline volunteers need a short guide: what does federal law say about a caller who reports that her employer keeps her passport?',
  '¿Qué dice la ley federal sobre un patrón que retiene los pasaportes de sus trabajadores?',
  'What is the statute of limitations for suing a manufacturer after a child drank a cleaning product that lacked a child-proof cap?',
  "Is a text that says 'I'll burn your house down' a true threat under federal law?",
  'Our client was convicted of arson in 2015 for setting fire to his own house. Can he get the record expunged?',
  'My son swallowed a coin two years ago and the hospital bill went to collections. Can they garnish my wages?',
  "I was trafficked in 2018, my boss kept my passport and I couldn't leave. I'm safe now. Can I apply for a T visa?",
  "A client's former employer still has her work visa documents and won't return them. She has a new job and is safe. How do we request them back?",
];

/**
 * A fourth set, measured once before any change for it: 8 of 10 emergencies (five of the eight by
 * the backstop only), one of four look-alikes flagged by the backstop (an office FAQ about a
 * child who swallows a battery). The rules now catch all ten.
 */
const fourthEmergencies: readonly string[] = [
  "Intake call: Spanish-speaking mom says her 3-year-old got into the rat poison pellets in the shed about 20 min ago. She's worried about her immigration case if she goes to the hospital.",
  'Mi hija de 2 años se tragó una pila de botón del control remoto. ¿El seguro médico de emergencia me pide papeles?',
  'caller is a farmworker, says the contractor keeps their IDs in his truck and the crew sleeps in a locked barn. they have not been paid in 6 weeks.',
  'Nos trajeron de Guatemala, el señor guarda nuestros documentos y dice que debemos 5 mil dólares cada uno. No podemos salir del rancho.',
  "A client I helped with his bankruptcy emailed me tonight: 'You did what you could. I've made my arrangements. Please don't call.' What am I allowed to do?",
  'mi primo me mandó un audio llorando diciendo que nos quiere mucho y que ya no va a estar aquí mañana',
  "The tenant says the property manager told her 'I'll light this whole building up with you in it' and he's parked out front right now.",
  'Mi ex me mandó una foto de un bidón de gasolina frente a mi casa y dijo que esta noche arde todo.',
  "Staff note: caller's father (84) fell in the bathtub this morning and can't get up, she's on the phone from another state asking about guardianship.",
  "Caller says her daughter's boyfriend is holding the baby and won't give him back, he's drunk and said he'll throw him off the balcony.",
];

const fourthNotEmergencies: readonly string[] = [
  'What does the TVPA say about an employer who confiscates passports and charges recruitment debts?',
  "Our office is writing an FAQ: if a client's child swallows a button battery at our office, are we liable?",
  '¿Cuál es la pena por incendiar una vivienda con personas adentro según la ley federal?',
  'How long does a federal arson investigation usually take before charges are filed?',
  'My former employer kept my passport for two months last year until I paid a recruitment fee. I have it back now. Can I sue for the fee?',
  'My toddler drank some of my iced coffee this morning, he is fine. Unrelated: can my landlord raise rent mid-lease?',
];

/**
 * A fifth set, measured once before any change for it: 8 of 10 emergencies with the backstop, 3
 * of 10 by the rules alone (carbon monoxide told by its signs, a gun on the table and no point,
 * children left alone in Spanish, "you're dead when you get home", "la tiene encerrada", "take
 * care of the judge", an old man without heat or water); no look-alike flagged.
 */
const fifthEmergencies: readonly string[] = [
  'Caller says the whole family has headaches and the baby is throwing up since the landlord fixed the furnace yesterday. Can they break the lease?',
  'Mi esposo se puso morado y no responde después de inyectarse. ¿Si llamo a la ambulancia lo deportan?',
  "Veteran on the line says he has his service pistol on the table and doesn't see the point anymore since the VA denied him. He asked about appealing.",
  "A man at the shelter intake desk pulled a knife and is yelling that he'll cut whoever calls the police. Staff are in the back office.",
  'La vecina dejó a sus tres niños solos desde el viernes y el más chico no para de llorar. ¿A quién le aviso?',
  "Client's husband found out she came to us and texted her 'you're dead when you get home'. She has to pick up the kids from school at 3.",
  "my mom is diabetic and her sugar reads 40 and she's not making sense, the home health aide didn't show. can we sue the agency",
  'Me llamó mi sobrina diciendo que el novio la tiene encerrada en el cuarto y le quitó el celular, me escribió del teléfono de una amiga.',
  "He wrote on the intake form that he plans to 'take care of' the judge before the hearing Thursday and that he knows where she parks.",
  "The tenant's 80 year old father has been without heat or water for three days in the cold snap and can barely get out of bed.",
];

const fifthNotEmergencies: readonly string[] = [
  'What federal rules govern carbon monoxide detectors in HUD-assisted housing?',
  'Can a person with a concealed carry permit bring a pistol into a federal courthouse?',
  '¿Qué pasa legalmente si un padre deja a sus hijos solos en casa por un fin de semana?',
  "Is saying 'you're dead to me' in a text ever treated as a threat under federal law?",
];

describe('intake-style emergencies', () => {
  it.each(emergencies)('%s: %s', (_kind, text) => {
    expect(category(text)).toBe('emergency');
  });
});

describe('general look-alikes of intake emergencies', () => {
  it.each(lookAlikes)('%s', (text) => {
    expect(['general', 'individualized']).toContain(category(text));
  });
});

describe('intake-style emergencies, second set', () => {
  it.each(secondEmergencies)('%s', (text) => {
    expect(category(text)).toBe('emergency');
  });
  it.each(secondLookAlikes)('not an emergency: %s', (text) => {
    expect(['general', 'individualized']).toContain(category(text));
  });
});

describe('intake-style emergencies, third set', () => {
  it.each(thirdEmergencies)('%s', (text) => {
    expect(category(text)).toBe('emergency');
  });
  it.each(thirdNotEmergencies)('not an emergency: %s', (text) => {
    expect(['general', 'individualized']).toContain(category(text));
  });
});

describe('intake-style emergencies, fourth set', () => {
  const rulesAlone = new RulePolicyClassifier({ statisticalBackstop: false });
  it.each(fourthEmergencies)('%s', (text) => {
    expect(category(text)).toBe('emergency');
    expect(rulesAlone.classifySync(text).category).toBe('emergency');
  });
  it.each(fourthNotEmergencies)('not an emergency: %s', (text) => {
    expect(['general', 'individualized']).toContain(category(text));
  });
});

describe('intake-style emergencies, fifth set', () => {
  const rulesAlone = new RulePolicyClassifier({ statisticalBackstop: false });
  it.each(fifthEmergencies)('%s', (text) => {
    expect(category(text)).toBe('emergency');
    expect(rulesAlone.classifySync(text).category).toBe('emergency');
  });
  it.each(fifthNotEmergencies)('not an emergency: %s', (text) => {
    expect(['general', 'individualized']).toContain(category(text));
  });
});
