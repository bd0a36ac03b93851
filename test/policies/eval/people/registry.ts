/**
 * The protected-persons registry the people evaluation screens with: real, living public figures
 * (heads of state and government, Indonesian public figures, entertainers, athletes) and one
 * deceased person whose estate restricts use of his likeness, with the short names and other
 * scripts people type. Written for this evaluation from public facts (who holds which office, what
 * a person is commonly called); it stands in for the shipped starter list (db/seed/protected-persons/)
 * so the evaluation does not change when that list is refreshed.
 * License: same as the Loupe repository.
 */
import type { PolicyRegistries } from '../../../../policies/index.js';
import type { PublicFigureEntry } from '../../../../policies/prompt/types.js';

const living = (name: string, ...aliases: string[]): PublicFigureEntry => ({ name, ...(aliases.length > 0 ? { aliases } : {}), living: true });

export const PEOPLE_EVAL_REGISTRY: PolicyRegistries = {
  publicFigures: [
    living('Donald Trump', 'Trump', 'Дональд Трамп', '唐纳德·特朗普'),
    living('Joe Biden', 'Джо Байден'),
    living('Barack Obama', 'Обама', '奥巴马'),
    living('Kamala Harris'),
    living('Vladimir Putin', 'Putin', 'Владимир Путин', 'Путин'),
    living('Xi Jinping', '习近平'),
    living('Narendra Modi', 'नरेन्द्र मोदी'),
    living('Emmanuel Macron', 'Macron'),
    living('King Charles III', 'King Charles', 'Charles III'),
    living('Keir Starmer'),
    living('Kim Jong Un', 'Kim Jong-un', '김정은'),
    living('Volodymyr Zelenskyy', 'Zelensky', 'Zelenskyy', 'Володимир Зеленський'),
    living('Taylor Swift'),
    living('Beyoncé'),
    living('Cristiano Ronaldo'),
    living('Lionel Messi', 'Messi'),
    living('Joko Widodo', 'Jokowi'),
    living('Prabowo Subianto', 'Prabowo'),
    living('Gibran Rakabuming Raka'),
    living('Megawati Soekarnoputri'),
    living('Susilo Bambang Yudhoyono', 'SBY'),
    living('Anies Baswedan'),
    living('Ganjar Pranowo'),
    living('Ridwan Kamil'),
    living('Sri Mulyani Indrawati', 'Sri Mulyani'),
    living('Basuki Tjahaja Purnama', 'Ahok'),
    living('Raffi Ahmad'),
    living('Iwan Fals'),
    living('Rhoma Irama'),
    living('Agnez Mo'),
    living('Deddy Corbuzier'),
    { name: 'Robin Williams', living: false, estateOptedOut: true },
  ],
};
