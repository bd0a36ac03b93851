/**
 * Making or acquiring illegal weapons, explosives and drugs.
 * Source: written for Loupe. License: same as the Loupe repository.
 * Drug names alone are severity 1-2 (films depict them); making, buying and selling are severe.
 */
import type { TermGroup, TermSource } from '../types.js';

export const WEAPONS_DRUGS_SOURCE: TermSource = { list: 'illegal_weapons_drugs', source: 'written for Loupe', license: 'project license' };

export const WEAPONS_DRUGS_TERMS: TermGroup[] = [
  {
    id: 'illegal_weapons_drugs.making.en',
    category: 'illegal_weapons_drugs',
    severity: 3,
    lang: 'en',
    terms: [
      'how to {make,build} a {bomb,pipe bomb,gun,silencer,explosive}', '{make,build,making,building} a bomb', 'pipe bomb*',
      'pressure cooker bomb*', 'homemade explosive*', 'ghost gun*', '3d printed gun*', '3d-printed gun*', 'untraceable gun*',
      'auto sear', 'glock switch', 'full auto conversion', 'full-auto conversion', '{glock,rifle,pistol,ar-15,ar15} to full auto', 'buy a gun without', 'nail bomb*', 'napalm recipe',
      '{cook,cooking,make,making} meth', 'meth lab', 'drug synthesis', '{buy,buying,sell,selling} {drugs,cocaine,heroin,meth,fentanyl,guns illegally}',
      'snorting cocaine', 'snort* coke', 'lines of coke', 'lines of cocaine', '{shooting up,inject,injecting} heroin',
      'date rape drug*', 'roofie*', '{spike,spikes,spiking,spiked} {her,his,their,a} drink', 'dirty bomb*', 'nerve agent*', 'sarin', 'ricin',
      '{make,making,build,building} a {chemical weapon,bioweapon,dirty bomb}',
    ],
  },
  {
    id: 'illegal_weapons_drugs.substances.en',
    category: 'illegal_weapons_drugs',
    severity: 2,
    lang: 'en',
    terms: [
      'methamphetamine', 'meth', 'crystal meth', 'cocaine', 'crack cocaine', 'heroin', 'fentanyl', 'mdma', 'lsd', 'molotov cocktail*',
      'drug dealer*', 'ied', 'improvised explosive device', 'bump stock*', 'silencer', 'illegal gun*', 'smoking weed', 'smoking crack',
      'ketamine', 'ghb', 'anthrax', 'chemical weapon*', 'bioweapon*', 'crack pipe', 'meth pipe',
    ],
  },
  {
    id: 'illegal_weapons_drugs.mention.en',
    category: 'illegal_weapons_drugs',
    severity: 1,
    lang: 'en',
    terms: ['weed', 'marijuana', 'cannabis', 'magic mushrooms', 'ecstasy pills', 'drugs', 'explosive*'],
  },
  {
    id: 'illegal_weapons_drugs.making.id',
    category: 'illegal_weapons_drugs',
    severity: 3,
    lang: 'id',
    terms: [
      'cara membuat bom', 'cara bikin bom', 'merakit bom', 'bom rakitan', 'bom pipa', 'senjata rakitan', 'senpi rakitan',
      'senpi ilegal', 'senjata api ilegal', 'meracik sabu', 'membuat sabu', '{jual,beli} {sabu,sabu-sabu,ganja,narkoba,kokain,senpi}',
      'pesta sabu', 'nyabu', 'obat bius untuk', 'racun sianida', 'ganja sintetis', 'kurir narkoba',
    ],
  },
  {
    id: 'illegal_weapons_drugs.substances.id',
    category: 'illegal_weapons_drugs',
    severity: 2,
    lang: 'id',
    terms: ['sabu-sabu', 'ganja', 'kokain', 'putaw', 'ekstasi', 'pil koplo', 'tembakau gorila', 'bandar narkoba', 'pesta narkoba', 'nyimeng', 'bom molotov'],
  },
  {
    id: 'illegal_weapons_drugs.mention.id',
    category: 'illegal_weapons_drugs',
    severity: 1,
    lang: 'id',
    terms: ['narkoba', 'narkotika', 'bahan peledak'],
  },
];
